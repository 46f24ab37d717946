// Command builtinsoracle answers questions about single builtin calls, truth, range and field
// lookups with real Go text/template, for tests/test_builtins.py and tests/test_values.py.
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
// Values travel tagged: {"t": "<Go type>", "v": <payload>}, {"t": "nil"} (nil interface),
// {"t": "novalue"} (invalid reflect.Value). Payloads: ints as numbers, floats as their IEEE bits
// (or "NaN"), complex as [re, im] of those, strings as hex of their bytes, slices/arrays as
// lists, maps as lists of [key, value] pairs, pointers as the pointee (null = nil). Elements of
// interface type are tagged, others are bare payloads of the element type. A tagged slice may
// carry "s": the payloads of its elements past its length, up to its capacity.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"text/template"
)

type MyInt int
type MyStr string
type S struct {
	A int
	B string
}
type SP struct {
	A int
	p int
}

// SI is comparable by type but holds interfaces: == compares their dynamic values, in order.
type SI struct {
	A any
	B any
}

var named = map[string]reflect.Type{
	"main.MyInt": reflect.TypeFor[MyInt](),
	"main.MyStr": reflect.TypeFor[MyStr](),
	"main.S":     reflect.TypeFor[S](),
	"main.SP":    reflect.TypeFor[SP](),
	"main.SI":    reflect.TypeFor[SI](),
}

var basic = map[string]reflect.Type{
	"bool": reflect.TypeFor[bool](), "string": reflect.TypeFor[string](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](),
	"int16": reflect.TypeFor[int16](), "int32": reflect.TypeFor[int32](),
	"int64": reflect.TypeFor[int64](), "uint": reflect.TypeFor[uint](),
	"uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
	"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"uintptr": reflect.TypeFor[uintptr](), "float32": reflect.TypeFor[float32](),
	"float64": reflect.TypeFor[float64](), "complex64": reflect.TypeFor[complex64](),
	"complex128": reflect.TypeFor[complex128](), "interface {}": reflect.TypeFor[any](),
	"func() int": reflect.TypeFor[func() int](),
}

// parseType reads Go type syntax as reflect.Type prints it.
func parseType(s string) reflect.Type {
	if t, ok := basic[s]; ok {
		return t
	}
	if t, ok := named[s]; ok {
		return t
	}
	switch {
	case strings.HasPrefix(s, "[]"):
		return reflect.SliceOf(parseType(s[2:]))
	case strings.HasPrefix(s, "["):
		end := strings.Index(s, "]")
		n, _ := strconv.Atoi(s[1:end])
		return reflect.ArrayOf(n, parseType(s[end+1:]))
	case strings.HasPrefix(s, "*"):
		return reflect.PointerTo(parseType(s[1:]))
	case strings.HasPrefix(s, "chan "):
		return reflect.ChanOf(reflect.BothDir, parseType(s[5:]))
	case strings.HasPrefix(s, "map["):
		depth := 0
		for i := 3; i < len(s); i++ {
			switch s[i] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return reflect.MapOf(parseType(s[4:i]), parseType(s[i+1:]))
				}
			}
		}
	}
	panic("unknown type " + s)
}

type tagged struct {
	T string            `json:"t"`
	V json.RawMessage   `json:"v"`
	S []json.RawMessage `json:"s"` // a slice's elements past its length, up to its capacity
}

// buildTagged makes the Go value a tagged form describes, spare capacity included.
func buildTagged(tg tagged) reflect.Value {
	t := parseType(tg.T)
	v := build(t, tg.V)
	if tg.S == nil || t.Kind() != reflect.Slice {
		return v
	}
	full := reflect.MakeSlice(t, v.Len(), v.Len()+len(tg.S))
	reflect.Copy(full, v)
	full = full.Slice(0, full.Cap())
	for i, e := range tg.S {
		full.Index(v.Len() + i).Set(build(t.Elem(), e))
	}
	return full.Slice(0, v.Len())
}

func decodeFloat(raw json.RawMessage) float64 {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return math.NaN()
	}
	var bits uint64
	must(json.Unmarshal(raw, &bits))
	return math.Float64frombits(bits)
}

// build makes a Go value of type t from a payload (tagged when t is an interface).
func build(t reflect.Type, raw json.RawMessage) reflect.Value {
	if t.Kind() == reflect.Interface {
		out := reflect.New(t).Elem()
		var tg tagged
		if string(raw) == "null" {
			return out
		}
		must(json.Unmarshal(raw, &tg))
		if tg.T == "nil" {
			return out
		}
		out.Set(buildTagged(tg))
		return out
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		var b bool
		must(json.Unmarshal(raw, &b))
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(string(raw), 10, 64)
		must(err)
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(string(raw), 10, 64)
		must(err)
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(decodeFloat(raw))
	case reflect.Complex64, reflect.Complex128:
		var parts []json.RawMessage
		must(json.Unmarshal(raw, &parts))
		v.SetComplex(complex(decodeFloat(parts[0]), decodeFloat(parts[1])))
	case reflect.String:
		var h string
		must(json.Unmarshal(raw, &h))
		b, err := hex.DecodeString(h)
		must(err)
		v.SetString(string(b))
	case reflect.Slice, reflect.Array, reflect.Chan:
		if string(raw) == "null" {
			return v
		}
		var elems []json.RawMessage
		must(json.Unmarshal(raw, &elems))
		switch t.Kind() {
		case reflect.Slice:
			v = reflect.MakeSlice(t, len(elems), len(elems))
		case reflect.Chan:
			v = reflect.MakeChan(t, len(elems))
			for _, e := range elems {
				v.Send(build(t.Elem(), e))
			}
			v.Close()
			return v
		}
		for i, e := range elems {
			v.Index(i).Set(build(t.Elem(), e))
		}
	case reflect.Map:
		if string(raw) == "null" {
			return v
		}
		var pairs [][2]json.RawMessage
		must(json.Unmarshal(raw, &pairs))
		v = reflect.MakeMap(t)
		for _, p := range pairs {
			v.SetMapIndex(build(t.Key(), p[0]), build(t.Elem(), p[1]))
		}
	case reflect.Pointer:
		if string(raw) == "null" {
			return v
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(build(t.Elem(), raw))
		return p
	case reflect.Struct:
		var fields []json.RawMessage
		must(json.Unmarshal(raw, &fields))
		for i, f := range fields {
			fv := v.Field(i)
			fv = reflect.NewAt(fv.Type(), fv.Addr().UnsafePointer()).Elem()
			fv.Set(build(fv.Type(), f))
		}
	case reflect.Func:
		if string(raw) != "null" {
			v = reflect.ValueOf(func() int { return 1 })
		}
	default:
		panic("cannot build " + t.String())
	}
	return v
}

func floatPayload(f float64) any {
	if f != f {
		return "NaN"
	}
	return math.Float64bits(f)
}

// tag turns a Go value into its tagged form (interfaces unwrapped).
func tag(v reflect.Value) any {
	if !v.IsValid() {
		return map[string]any{"t": "novalue"}
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return map[string]any{"t": "nil"}
		}
		return tag(v.Elem())
	}
	out := map[string]any{"t": v.Type().String(), "v": payload(v)}
	if v.Kind() == reflect.Slice && v.Cap() > v.Len() {
		spare := []any{}
		full := v.Slice(0, v.Cap())
		for i := v.Len(); i < v.Cap(); i++ {
			spare = append(spare, payload(full.Index(i)))
		}
		out["s"] = spare
	}
	return out
}

func payload(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Interface:
		return tag(v)
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return floatPayload(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return []any{floatPayload(real(c)), floatPayload(imag(c))}
	case reflect.String:
		return hex.EncodeToString([]byte(v.String()))
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, payload(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := []any{}
		iter := v.MapRange()
		for iter.Next() {
			out = append(out, []any{payload(iter.Key()), payload(iter.Value())})
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return payload(v.Elem())
	case reflect.Struct:
		out := []any{}
		for i := 0; i < v.NumField(); i++ {
			out = append(out, payload(v.Field(i)))
		}
		return out
	case reflect.Func:
		if v.IsNil() {
			return nil
		}
		return "func"
	case reflect.Chan:
		if v.IsNil() {
			return nil
		}
		return "chan"
	}
	return "?"
}

type request struct {
	Op         string            `json:"op"`
	Fn         string            `json:"fn"`
	Args       []json.RawMessage `json:"args"`
	Iface      []bool            `json:"iface"`
	Nvars      int               `json:"nvars"`
	Name       string            `json:"name"`
	Static     string            `json:"static"`
	Missingkey string            `json:"missingkey"`
}

var prefix = regexp.MustCompile(`^template: t:\d+:\d+: executing "t" at <.*?>: (error calling \w+: )?`)

func answer(req request) (res map[string]any) {
	res = map[string]any{}
	defer func() {
		if r := recover(); r != nil {
			res = map[string]any{"panic": fmt.Sprint(r)}
		}
	}()
	data := map[string]any{}
	exprs := make([]string, len(req.Args))
	for i, raw := range req.Args {
		var tg tagged
		must(json.Unmarshal(raw, &tg))
		key := fmt.Sprintf("a%d", i)
		switch {
		case tg.T == "novalue":
			exprs[i] = ".missing"
		case tg.T == "nil":
			data[key] = nil
			exprs[i] = "." + key
		default:
			data[key] = buildTagged(tg).Interface()
			exprs[i] = "(." + key + ")"
			if i < len(req.Iface) && req.Iface[i] {
				exprs[i] = "." + key
			}
		}
	}
	var got []any
	funcs := template.FuncMap{
		"capture": func(v reflect.Value) string { got = append(got, tag(v)); return "" },
		"capture2": func(k, v reflect.Value) string {
			got = append(got, []any{tag(k), tag(v)})
			return ""
		},
	}
	var src string
	switch req.Op {
	case "call":
		src = "{{capture (" + req.Fn + " " + strings.Join(exprs, " ") + ")}}"
	case "truth":
		src = "{{if " + exprs[0] + "}}T{{else}}F{{end}}"
	case "range":
		if req.Nvars == 2 {
			src = "{{range $k, $v := " + exprs[0] + "}}{{capture2 $k $v}}{{end}}"
		} else {
			src = "{{range $v := " + exprs[0] + "}}{{capture $v}}{{end}}"
		}
	case "field":
		if req.Static == "iface" {
			src = "{{capture .a0." + req.Name + "}}"
		} else {
			src = "{{capture " + exprs[0] + "." + req.Name + "}}"
		}
	}
	t := template.New("t").Funcs(funcs)
	if req.Missingkey != "" {
		t = t.Option("missingkey=" + req.Missingkey)
	}
	t = template.Must(t.Parse(src))
	var out strings.Builder
	if err := t.Execute(&out, data); err != nil {
		res["error"] = prefix.ReplaceAllString(err.Error(), "")
		return res
	}
	switch req.Op {
	case "call", "field":
		res["result"] = got[0]
	case "truth":
		res["result"] = out.String() == "T"
	case "range":
		if got == nil {
			got = []any{}
		}
		res["result"] = got
	}
	return res
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		var req request
		res := map[string]any{}
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			res["panic"] = err.Error()
		} else {
			res = answer(req)
		}
		b, _ := json.Marshal(res)
		out.Write(b)
		out.WriteByte('\n')
		out.Flush()
	}
}
