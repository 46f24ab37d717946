package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	_ "time/tzdata" // zones do not depend on the machine's tz database

	"gotmploracle/civil"
	"gotmploracle/uuid"
)

// pyValues builds the Go values gotmpl gives common Python values (gotmpl/pyvalues.py), from
// a JSON case where such a value is an object with one tag key:
// {"$time": "2024-01-02T03:04:05.123456", "zone": "UTC"|"Local"|"fixed"|IANA name, "name":
// fixed zone's name, "offset": its seconds east of UTC}, {"$date": "2024-01-02"},
// {"$decimal": "1.50"} (json.Number), {"$duration": nanoseconds} (time.Duration), {"$uuid": hex}, {"$enum": value} (the value itself) and
// {"$dataclass": [[name, value], ...]} (a struct of exported fields tagged json:"name").
// Other numbers are ints when written without a fraction or exponent, as in json_int.
func pyValues(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return pyValue(intNumbers(v))
}

func pyValue(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		for i := range v {
			x, err := pyValue(v[i])
			if err != nil {
				return nil, err
			}
			v[i] = x
		}
		return v, nil
	case map[string]any:
		if s, ok := v["$time"].(string); ok {
			return pyTime(s, v)
		}
		if s, ok := v["$date"].(string); ok {
			t, err := time.Parse(time.DateOnly, s)
			return civil.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, err
		}
		if s, ok := v["$decimal"].(string); ok {
			return json.Number(s), nil
		}
		if s, ok := v["$uuid"].(string); ok {
			var u uuid.UUID
			b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
			copy(u[:], b)
			return u, err
		}
		if ns, ok := v["$duration"].(int); ok {
			return time.Duration(ns), nil
		}
		if x, ok := v["$enum"]; ok {
			return pyValue(x)
		}
		if fs, ok := v["$dataclass"].([]any); ok {
			return pyDataclass(fs)
		}
		for k := range v {
			x, err := pyValue(v[k])
			if err != nil {
				return nil, err
			}
			v[k] = x
		}
		return v, nil
	}
	return v, nil
}

func pyTime(s string, spec map[string]any) (time.Time, error) {
	var loc *time.Location
	switch zone, _ := spec["zone"].(string); zone {
	case "UTC":
		loc = time.UTC
	case "Local":
		loc = time.Local
	case "fixed":
		name, _ := spec["name"].(string)
		offset, _ := spec["offset"].(int)
		loc = time.FixedZone(name, offset)
	default:
		var err error
		if loc, err = time.LoadLocation(zone); err != nil {
			return time.Time{}, err
		}
	}
	return time.ParseInLocation("2006-01-02T15:04:05.999999999", s, loc)
}

func pyDataclass(fs []any) (any, error) {
	var fields []reflect.StructField
	var values []reflect.Value
	for i, f := range fs {
		pair := f.([]any)
		x, err := pyValue(pair[1])
		if err != nil {
			return nil, err
		}
		t := reflect.TypeOf(x)
		if t == nil {
			t = reflect.TypeFor[any]()
		}
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("F%d", i),
			Type: t,
			Tag:  reflect.StructTag(fmt.Sprintf("json:%q", pair[0])),
		})
		values = append(values, reflect.ValueOf(&x).Elem().Elem())
	}
	s := reflect.New(reflect.StructOf(fields)).Elem()
	for i, x := range values {
		if x.IsValid() {
			s.Field(i).Set(x)
		}
	}
	return s.Interface(), nil
}
