// Command fmtoracle answers fmt and encoding/json questions with real Go, one JSON line at a time.
//
// It exists so the Python tests can compare gotmpl.gofmt / gotmpl.gojson with Go on random
// values (hypothesis), without a Go build per example. Request lines:
//
//	{"op": "sprintf"|"sprint"|"sprintln"|"json", "format": "...", "args": [VALUE, ...]}
//
// A VALUE is null (nil interface) or {"t": TYPE, "v": DATA}. TYPE is a basic type name, a
// named type of this program (main.MyInt ...), "any", or {"slice": T}, {"array": [n, T]},
// {"map": [K, V]}, {"ptr": T}, {"struct": [[name, T, jsontag], ...]}. DATA follows the type:
// floats are strings (Python repr), complex is [re, im], strings are JSON strings or
// {"b64": "..."} for arbitrary bytes, slices/arrays are lists (null: nil slice), maps are
// lists of [key, value] (null: nil map), pointers are the target's DATA (null: nil pointer),
// structs are lists of field DATA, and "any" slots hold a VALUE.
//
// The reply is {"out": base64 of the output bytes, "err": error text or ""}.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
)

type MyInt int
type MyUint8 uint8
type MyStr string
type MyFloat float64
type MyBool bool
type MyList []int
type MyMap map[string]int

// Str is a Stringer with a value receiver.
type Str struct{ N int }

func (s Str) String() string { return "Str<" + strconv.Itoa(s.N) + ">" }

// E is an error with a pointer receiver.
type E struct{}

func (*E) Error() string { return "custom err" }

// Celsius is a named float with a String method.
type Celsius float64

func (c Celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }

// Pan is a Stringer whose String method panics.
type Pan int

func (Pan) String() string { panic("boom") }

// T is a plain named struct with an interface field.
type T struct {
	A int
	B string
	C any
}

var named = map[string]reflect.Type{
	"main.MyInt":    reflect.TypeOf(MyInt(0)),
	"main.MyUint8":  reflect.TypeOf(MyUint8(0)),
	"main.MyStr":    reflect.TypeOf(MyStr("")),
	"main.MyFloat":  reflect.TypeOf(MyFloat(0)),
	"main.MyBool":   reflect.TypeOf(MyBool(false)),
	"main.MyList":   reflect.TypeOf(MyList(nil)),
	"main.MyMap":    reflect.TypeOf(MyMap(nil)),
	"main.Str":      reflect.TypeOf(Str{}),
	"main.E":        reflect.TypeOf(E{}),
	"main.Celsius":  reflect.TypeOf(Celsius(0)),
	"main.Pan":      reflect.TypeOf(Pan(0)),
	"main.T":        reflect.TypeOf(T{}),
	"bool":          reflect.TypeOf(false),
	"string":        reflect.TypeOf(""),
	"int":           reflect.TypeOf(int(0)),
	"int8":          reflect.TypeOf(int8(0)),
	"int16":         reflect.TypeOf(int16(0)),
	"int32":         reflect.TypeOf(int32(0)),
	"int64":         reflect.TypeOf(int64(0)),
	"uint":          reflect.TypeOf(uint(0)),
	"uint8":         reflect.TypeOf(uint8(0)),
	"uint16":        reflect.TypeOf(uint16(0)),
	"uint32":        reflect.TypeOf(uint32(0)),
	"uint64":        reflect.TypeOf(uint64(0)),
	"uintptr":       reflect.TypeOf(uintptr(0)),
	"float32":       reflect.TypeOf(float32(0)),
	"float64":       reflect.TypeOf(float64(0)),
	"complex64":     reflect.TypeOf(complex64(0)),
	"complex128":    reflect.TypeOf(complex128(0)),
	"any":           reflect.TypeOf((*any)(nil)).Elem(),
	"func() string": reflect.TypeOf(func() string { return "" }),
	"chan int":      reflect.TypeOf(make(chan int)),
}

func parseType(spec any) reflect.Type {
	switch s := spec.(type) {
	case string:
		if t, ok := named[s]; ok {
			return t
		}
		panic("unknown type " + s)
	case map[string]any:
		for k, v := range s {
			switch k {
			case "slice":
				return reflect.SliceOf(parseType(v))
			case "ptr":
				return reflect.PointerTo(parseType(v))
			case "array":
				parts := v.([]any)
				n, _ := parts[0].(json.Number).Int64()
				return reflect.ArrayOf(int(n), parseType(parts[1]))
			case "map":
				parts := v.([]any)
				return reflect.MapOf(parseType(parts[0]), parseType(parts[1]))
			case "struct":
				var fields []reflect.StructField
				for _, f := range v.([]any) {
					parts := f.([]any)
					sf := reflect.StructField{Name: parts[0].(string), Type: parseType(parts[1])}
					if len(parts) > 2 && parts[2] != nil {
						sf.Tag = reflect.StructTag(`json:"` + parts[2].(string) + `"`)
					}
					fields = append(fields, sf)
				}
				return reflect.StructOf(fields)
			}
		}
	}
	panic(fmt.Sprintf("bad type spec %v", spec))
}

func parseFloat(d any) float64 {
	f, err := strconv.ParseFloat(d.(string), 64)
	if err != nil && !math.IsInf(f, 0) {
		panic(err)
	}
	return f
}

func build(t reflect.Type, d any) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(d.(bool))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(string(d.(json.Number)), 10, 64)
		if err != nil {
			panic(err)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(string(d.(json.Number)), 10, 64)
		if err != nil {
			panic(err)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(parseFloat(d))
	case reflect.Complex64, reflect.Complex128:
		parts := d.([]any)
		v.SetComplex(complex(parseFloat(parts[0]), parseFloat(parts[1])))
	case reflect.String:
		switch s := d.(type) {
		case string:
			v.SetString(s)
		case map[string]any:
			b, err := base64.StdEncoding.DecodeString(s["b64"].(string))
			if err != nil {
				panic(err)
			}
			v.SetString(string(b))
		}
	case reflect.Slice:
		if d == nil {
			return v
		}
		if t.Elem().Kind() == reflect.Uint8 {
			if m, ok := d.(map[string]any); ok {
				b, _ := base64.StdEncoding.DecodeString(m["b64"].(string))
				v.Set(reflect.ValueOf(b).Convert(t))
				return v
			}
		}
		items := d.([]any)
		v.Set(reflect.MakeSlice(t, len(items), len(items)))
		for i, item := range items {
			v.Index(i).Set(build(t.Elem(), item))
		}
	case reflect.Array:
		for i, item := range d.([]any) {
			v.Index(i).Set(build(t.Elem(), item))
		}
	case reflect.Map:
		if d == nil {
			return v
		}
		v.Set(reflect.MakeMap(t))
		for _, kv := range d.([]any) {
			pair := kv.([]any)
			v.SetMapIndex(build(t.Key(), pair[0]), build(t.Elem(), pair[1]))
		}
	case reflect.Pointer:
		if d == nil {
			return v
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(build(t.Elem(), d))
		v.Set(p)
	case reflect.Struct:
		for i, item := range d.([]any) {
			v.Field(i).Set(build(t.Field(i).Type, item))
		}
	case reflect.Interface:
		if d == nil {
			return v
		}
		m := d.(map[string]any)
		inner := build(parseType(m["t"]), m["v"])
		v.Set(inner)
	case reflect.Func:
		v.Set(reflect.ValueOf(func() string { return "called" }))
	case reflect.Chan:
		v.Set(reflect.MakeChan(t, 0))
	}
	return v
}

func toArgs(raw []any) []any {
	args := make([]any, len(raw))
	for i, r := range raw {
		if r == nil {
			continue
		}
		args[i] = build(named["any"], r).Interface()
	}
	return args
}

type request struct {
	Op     string `json:"op"`
	Format string `json:"format"`
	Args   []any  `json:"args"`
}

type reply struct {
	Out string `json:"out"`
	Err string `json:"err"`
}

func answer(req request) (rep reply) {
	defer func() {
		if r := recover(); r != nil {
			rep = reply{Err: fmt.Sprint("oracle panic: ", r)}
		}
	}()
	args := toArgs(req.Args)
	var out []byte
	switch req.Op {
	case "sprintf":
		out = []byte(fmt.Sprintf(req.Format, args...))
	case "sprint":
		out = []byte(fmt.Sprint(args...))
	case "sprintln":
		out = []byte(fmt.Sprintln(args...))
	case "json":
		b, err := json.Marshal(args[0])
		if err != nil {
			return reply{Err: err.Error()}
		}
		out = b
	default:
		return reply{Err: "unknown op " + req.Op}
	}
	return reply{Out: base64.StdEncoding.EncodeToString(out)}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		dec := json.NewDecoder(bytes.NewReader(in.Bytes()))
		dec.UseNumber()
		var req request
		if err := dec.Decode(&req); err != nil {
			enc.Encode(reply{Err: "bad request: " + err.Error()})
		} else {
			enc.Encode(answer(req))
		}
		out.Flush()
	}
}
