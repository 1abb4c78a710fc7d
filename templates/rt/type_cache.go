package rt

import (
	"reflect"
	"sync"
)

// typeCache holds what was worked out once per reflect.Type (the fields of a
// query struct, the JSON shape of a body). A mutex and a map rather than a
// sync.Map, whose generic internals would be compiled into every generated
// package.
type typeCache struct {
	mu sync.RWMutex
	m  map[reflect.Type]any
}

// get returns the value for t, building it on first use. Two goroutines that
// miss at once both build it; the values are equal and the last one is kept.
func (c *typeCache) get(t reflect.Type, build func(reflect.Type) any) any {
	c.mu.RLock()
	v, ok := c.m[t]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = build(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[reflect.Type]any{}
	}
	c.m[t] = v
	return v
}
