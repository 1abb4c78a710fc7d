package rt

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// This file is emitted only into packages with a path or header parameter that is not
// a string.

// serverTextUnmarshaler is the interface of types that parse their own text.
var serverTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// serverParseParam parses s, the text of a path or header parameter, into dst: a
// pointer to a scalar, to a pointer to one (then allocated), or to a slice of scalars,
// which the simple style writes comma-separated.
func serverParseParam(s string, dst any) error {
	v := reflect.ValueOf(dst).Elem()
	switch {
	case v.Kind() == reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		if err := serverSetScalar(nv.Elem(), s); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8:
		items := strings.Split(s, ",")
		out := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := serverSetScalar(out.Index(i), item); err != nil {
				return validateIn(err, i)
			}
		}
		v.Set(out)
		return nil
	}
	return serverSetScalar(v, s)
}

// serverSetScalar parses s into v by v's kind.
func serverSetScalar(v reflect.Value, s string) error {
	if v.Type() == reflect.TypeFor[time.Time]() {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return validateErrorf("invalid date-time %q", s)
		}
		v.Set(reflect.ValueOf(t))
		return nil
	}
	if v.Addr().Type().Implements(serverTextUnmarshaler) {
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return validateErrorf("invalid value %q", s)
		}
		return nil
	}
	var err error
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		var b bool
		b, err = strconv.ParseBool(s)
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var n int64
		n, err = strconv.ParseInt(s, 10, v.Type().Bits())
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var n uint64
		n, err = strconv.ParseUint(s, 10, v.Type().Bits())
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		var f float64
		f, err = strconv.ParseFloat(s, v.Type().Bits())
		if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
			err = fmt.Errorf("not a finite number")
		}
		v.SetFloat(f)
	default:
		return validateErrorf("cannot decode into %s", v.Type())
	}
	if err != nil {
		return validateErrorf("invalid %s %q", serverKindName(v.Kind()), s)
	}
	return nil
}

// serverKindName names a scalar kind the way the API description does.
func serverKindName(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "boolean"
	case reflect.Float32, reflect.Float64:
		return "number"
	}
	return "integer"
}
