package main

import (
	"iter"
	"math"
)

// P is the spec's struct fixture (go-template-spec.md section 0).
type P struct {
	Name  string
	Age   int
	Inner *U
	Tags  []string
	M     map[string]int
	priv  int
	F     func(i int) int
	Nilp  *U
	Any   any
}

func (p P) Hello(s string) string { return "hi " + s + " from " + p.Name }
func (p *P) PtrM() string         { return "ptr-method" }
func (p P) Two() (string, error)  { return "", errBoom }
func (s Str) String() string      { return "Str<" + sprint(s.N) + ">" }
func (e *E) Error() string        { return "custom err" }

type Str struct{ N int }

// KeyT and KeyI are struct map keys: fmtsort orders them field by field.
type KeyT struct {
	A int
	B string
}
type KeyI struct{ V any }

// IfacePair is comparable by type; == compares what its fields hold, in order, and panics on
// reaching a map, slice or func there.
type IfacePair struct{ A, B any }
type E struct{}

type errString string

func (e errString) Error() string { return string(e) }

var errBoom = errString("boom")

func seqN(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func seq2N(n int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, i+1) {
				return
			}
		}
	}
}

// fixtures returns a fresh copy of every named Go value a case can select with "go:NAME".
// Fresh per case, because templates may call methods that mutate (and channels drain).
func fixtures() map[string]any {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	close(ch)
	var nilPtr *int
	var nilChan chan int
	seven := 7
	return map[string]any{
		// go-template-spec.md fixtures.
		"P": P{Name: "Ann", Age: 30, Inner: &U{V: "in"}, Tags: []string{"a", "b"},
			M: map[string]int{"k": 1}, F: func(i int) int { return i * 2 }},
		"PP":        &P{Name: "Bob"},
		"nilP":      (*P)(nil),
		"str":       Str{5},
		"err":       &E{},
		"mixed":     map[string]any{"i": 1, "u": uint(1), "f": 1.0, "i8": int8(-3), "s": "x"},
		"intkeys":   map[int]string{3: "c", -1: "a", 10: "b"},
		"ifacekeys": map[any]int{"b": 1, 2: 2, "a": 3, 1: 4, 1.5: 5, true: 6},
		"floatkeys": map[float64]string{2.5: "x", -1: "y"},
		"boolkeys":  map[bool]int{true: 1, false: 0},
		// A key JSON cannot name, below keys that need JSON-pointer escaping.
		"nestedkeys": map[string]any{"a/b~c": []any{0, map[bool]int{true: 2}}},
		"ch":         ch,
		"seq":        seqN(3),
		"seq2": iter.Seq2[string, int](func(yield func(string, int) bool) {
			_ = yield("a", 0) && yield("b", 1)
		}),
		"bytes":  []byte("hi"),
		"runes":  []rune("hé"),
		"cplx":   complex(1.5, -2),
		"f32":    float32(0.1),
		"u8":     uint8(200),
		"ptrint": &seven,
		"arr":    [3]int{1, 2, 3},
		"anon": struct {
			A int
			B string
			c bool
		}{1, "x", true},
		"nilmap":      map[string]int(nil),
		"nilslice":    []int(nil),
		"fn":          func() string { return "called" },
		"emptystruct": struct{}{},

		// exec_test.go data values.
		"tVal":        newTVal(),
		"T0":          T{},
		"Tptr0":       &T{},
		"nilT":        (*T)(nil),
		"tSliceOfNil": []*T{nil},
		"iValPtr":     func() *I { i := I(newTVal()); return &i }(),
		"fVal1_0":     seqN(0),
		"fVal1_2":     seqN(2),
		"fVal2_0":     seq2N(0),
		"fVal2_2":     seq2N(2),
		"uint14":      uint(14),
		"cplx16":      16.2 - 17i,
		"ints":        []int{-1, -2, -3},
		"msiTwo":      map[string]int{"two": 22},
		"anonAB": struct {
			a int
			b string
		}{7, "seven"},
		"mapSBuffer":  map[string]any{"S": stringsBuilder("foozle")},
		"int5":        int(5),
		"int8_5":      int8(5),
		"int16_5":     int16(5),
		"int32_5":     int32(5),
		"int64_5":     int64(5),
		"uint5":       uint(5),
		"uint8_5":     uint8(5),
		"uint16_5":    uint16(5),
		"uint32_5":    uint32(5),
		"uint64_5":    uint64(5),
		"uintptr5":    uintptr(5),
		"uintptr0":    uintptr(0),
		"mssCause":    map[string]string{"cause": "neglect"},
		"runeDot":     '.',
		"runeE":       'e',
		"runeP":       'P',
		"cmp":         &cmpStruct{Uthree: 3, Ufour: 4, NegOne: -1, Three: 3, Ptr: new(int), NonNilMap: map[int]int{}, Iface1: stringsBuilder("")},
		"delimValue":  struct{ Str string }{"Hello, world"},
		"tree":        tr(1, tr(2, tr(3, tr(4, nil, nil), nil), tr(5, tr(6, nil, nil), nil)), tr(7, tr(8, tr(9, nil, nil), nil), tr(10, tr(11, nil, nil), nil))),
		"nilMapPtr":   (*map[string]string)(nil),
		"emptyMapPtr": &map[string]string{},
		"sliceV":      []V{{1}},
		"ifaceValues": map[string]any{"PlusOne": func(n int) int { return n + 1 }, "Slice": []int{0, 1, 2, 3}, "One": 1, "Two": 2, "Nil": nil, "Zero": 0},
		"fnResult":    func() string { return "result" },
		"embedNil":    embedB{},
		"msiX99":      map[string]int{"x": 99},
		"uint8_1":     uint8(1),
		"uint8_0":     uint8(0),
		"complex64_1": complex64(1),
		"complex64_0": complex64(0),
		"arr2":        [2]int{1, 2},
		"arr0":        [0]int{},
		"bytesABC":    []byte("abc"),
		"bytesEmpty":  []byte(""),
		"msiAB":       map[string]int{"a": 1, "b": 2},
		"msiEmpty":    map[string]int{},
		"chanOpen":    make(chan int),
		"nilChan":     nilChan,
		"newInt":      new(int),
		"nilIntPtr":   nilPtr,

		// Map keys of every kind internal/fmtsort orders (fmt prints, range visits).
		"sortkeys": sortKeys(),

		// Values that contain themselves: json.Marshal reports the cycle past depth 1000.
		"cyclic": cyclicValues(),

		// Go's == on interfaces holding uncomparable values (eq's run-time panics).
		"uncomparable": map[string]any{
			"am":  [2]any{map[string]any{"k": 1}, 1},
			"am2": [2]any{map[string]any{"k": 1}, 1},
			"ai":  [2]any{1, map[string]any{"k": 1}},
			"ai2": [2]any{2, map[string]any{"k": 1}},
			"as":  [1]any{[]any{1}},
			"pm":  IfacePair{A: map[string]any{"k": 1}, B: 1},
			"pd":  IfacePair{A: 1, B: []any{}},
			"pd2": IfacePair{A: 2, B: []any{}},
			"pf":  IfacePair{A: func() int { return 1 }},
			"pn":  IfacePair{A: IfacePair{B: map[string]int{}}},
			"pt":  IfacePair{A: 1, B: "x"},
			"pt2": IfacePair{A: 1, B: "x"},
			"nan": [1]any{math.NaN()},
			"ptr": &IfacePair{A: map[string]any{}},
		},
	}
}

// cyclicValues holds containers that contain themselves (fmt would never return on them).
func cyclicValues() map[string]any {
	m := map[string]any{}
	m["a"] = m
	alt := map[string]any{}
	alt["a/b"] = []any{alt}
	s := []any{nil}
	s[0] = s
	p := &Deep{}
	p.Next = p
	two := []any{1, nil}
	two[1] = map[string]any{"k": two}
	return map[string]any{"m": m, "alt": alt, "s": s, "p": p, "two": two}
}

// sortKeys holds maps whose keys internal/fmtsort orders by kind: NaN first among floats,
// complex by real then imaginary part, structs and arrays part by part, nil pointers and nil
// interfaces first, strings by their bytes.
func sortKeys() map[string]any {
	return map[string]any{
		"floats":  map[float64]string{math.NaN(): "nan", math.Inf(1): "+inf", math.Inf(-1): "-inf", -1: "-1", 0: "0", 2.5: "2.5"},
		"cplx":    map[complex128]string{1 + 2i: "a", 1 + 1i: "b", 5i: "c", complex(math.NaN(), 0): "n", -1: "d"},
		"structs": map[KeyT]int{{1, "b"}: 1, {1, "a"}: 2, {0, "z"}: 3, {-1, ""}: 4},
		"arrays":  map[[2]int]string{{2, 1}: "x", {1, 9}: "y", {1, 2}: "z"},
		"ptrs":    map[*int]string{nil: "nil", new(int): "p"},
		"iface":   map[any]int{nil: 0, "b": 1, "a": 2},
		"keyi":    map[KeyI]int{{nil}: 0, {"x"}: 1, {"a"}: 2},
		"strs":    map[string]int{"é": 1, "z": 2, "\xff": 3, "a": 4, "\xc3": 5, "": 6},
		"uints":   map[uint8]string{200: "a", 3: "b", 0: "c"},
		"bools":   map[bool]int{true: 1, false: 0},
	}
}
