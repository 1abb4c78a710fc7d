package rt

import (
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

func TestTypeCacheBuildsOncePerTypeAndIsSafeConcurrently(t *testing.T) {
	var c typeCache
	var builds atomic.Int32
	build := func(t reflect.Type) any { builds.Add(1); return t.Name() }
	types := []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[string]()}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, typ := range types {
				if got := c.get(typ, build); got != typ.Name() {
					t.Errorf("get(%v) = %v", typ, got)
				}
			}
		})
	}
	wg.Wait()
	n := builds.Load()
	for _, typ := range types {
		c.get(typ, build)
	}
	if builds.Load() != n || n < 2 || n > 16 {
		t.Fatalf("built %d times, then %d: a cached type was built again", n, builds.Load())
	}
}
