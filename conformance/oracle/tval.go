package main

// The typed value exec_test.go runs most of its table against, rebuilt for the oracle: the same
// field names, kinds and methods, so Go's exec tests can run here with identical inputs.
// (Go's copy lives in package template, so its types print as template.T; ours print as main.T.)

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"unsafe"
)

type T struct {
	True        bool
	I           int
	U16         uint16
	X, S        string
	FloatZero   float64
	ComplexZero complex128
	U           *U
	V0          V
	V1, V2      *V
	W0          W
	W1, W2      *W
	SI          []int
	SICap       []int
	SIEmpty     []int
	SB          []bool
	AI          [3]int
	PAI         *[3]int
	MSI         map[string]int
	MSIone      map[string]int
	MSIEmpty    map[string]int
	MXI         map[any]int
	MII         map[int]int
	MI32S       map[int32]string
	MI64S       map[int64]string
	MUI32S      map[uint32]string
	MUI64S      map[uint64]string
	MI8S        map[int8]string
	MUI8S       map[uint8]string
	SMSI        []map[string]int
	Empty0      any
	Empty1      any
	Empty2      any
	Empty3      any
	Empty4      any

	NonEmptyInterface         I
	NonEmptyInterfacePtS      *I
	NonEmptyInterfaceNil      I
	NonEmptyInterfaceTypedNil I

	Str fmt.Stringer
	Err error

	PI       *int
	PS       *string
	PSI      *[]int
	NIL      *int
	UPI      unsafe.Pointer
	EmptyUPI unsafe.Pointer

	BinaryFunc             func(string, string) string
	VariadicFunc           func(...string) string
	VariadicFuncInt        func(int, ...string) string
	NilOKFunc              func(*int) bool
	ErrFunc                func() (string, error)
	PanicFunc              func() string
	TooFewReturnCountFunc  func()
	TooManyReturnCountFunc func() (string, error, int)
	InvalidReturnTypeFunc  func() (string, bool)

	Tmpl *template.Template

	unexported int
}

// I is a non-empty interface.
type I interface {
	Method0() string
}

// S is a named slice with a value method.
type S []string

func (S) Method0() string { return "M0" }

type U struct{ V string }

func (u *U) TrueFalse(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// V has a String method on its pointer.
type V struct{ j int }

func (v *V) String() string {
	if v == nil {
		return "nilV"
	}
	return fmt.Sprintf("<%d>", v.j)
}

// W has an Error method on its pointer.
type W struct{ k int }

func (w *W) Error() string {
	if w == nil {
		return "nilW"
	}
	return fmt.Sprintf("[%d]", w.k)
}

func (t *T) Method0() string      { return "M0" }
func (t *T) Method1(a int) int    { return a }
func (t *T) Method3(v any) string { return fmt.Sprintf("Method3: %v", v) }
func (t *T) GetU() *U             { return t.U }
func (t *T) Method2(a uint16, b string) string {
	return fmt.Sprintf("Method2: %d %s", a, b)
}

func (t *T) Copy() *T {
	c := *t
	return &c
}

func (t *T) MAdd(a int, b []int) []int {
	out := make([]int, len(b))
	for i, x := range b {
		out[i] = x + a
	}
	return out
}

var errMy = errors.New("my error")

func (t *T) MyError(fail bool) (bool, error) {
	if fail {
		return true, errMy
	}
	return false, nil
}

func ptrTo[X any](x X) *X { return &x }

func newTVal() *T {
	si := I(S{"a", "b"})
	upi := 23
	return &T{
		True:   true,
		I:      17,
		U16:    16,
		X:      "x",
		S:      "xyz",
		U:      &U{"v"},
		V0:     V{6666},
		V1:     &V{7777},
		W0:     W{888},
		W1:     &W{999},
		SI:     []int{3, 4, 5},
		SICap:  make([]int, 5, 10),
		AI:     [3]int{3, 4, 5},
		PAI:    &[3]int{3, 4, 5},
		SB:     []bool{true, false},
		MSI:    map[string]int{"one": 1, "two": 2, "three": 3},
		MSIone: map[string]int{"one": 1},
		MXI:    map[any]int{"one": 1},
		MII:    map[int]int{1: 1},
		MI32S:  map[int32]string{1: "one", 2: "two"},
		MI64S:  map[int64]string{2: "i642", 3: "i643"},
		MUI32S: map[uint32]string{2: "u322", 3: "u323"},
		MUI64S: map[uint64]string{2: "ui642", 3: "ui643"},
		MI8S:   map[int8]string{2: "i82", 3: "i83"},
		MUI8S:  map[uint8]string{2: "u82", 3: "u83"},
		SMSI: []map[string]int{
			{"one": 1, "two": 2},
			{"eleven": 11, "twelve": 12},
		},
		Empty1:                    3,
		Empty2:                    "empty2",
		Empty3:                    []int{7, 8},
		Empty4:                    &U{"UinEmpty"},
		NonEmptyInterface:         &T{X: "x"},
		NonEmptyInterfacePtS:      &si,
		NonEmptyInterfaceTypedNil: (*T)(nil),
		Str:                       bytes.NewBuffer([]byte("foozle")),
		Err:                       errors.New("erroozle"),
		PI:                        ptrTo(23),
		PS:                        ptrTo("a string"),
		PSI:                       ptrTo([]int{21, 22, 23}),
		UPI:                       unsafe.Pointer(&upi),
		BinaryFunc:                func(a, b string) string { return fmt.Sprintf("[%s=%s]", a, b) },
		VariadicFunc:              func(s ...string) string { return fmt.Sprint("<", strings.Join(s, "+"), ">") },
		VariadicFuncInt: func(a int, s ...string) string {
			return fmt.Sprint(a, "=<", strings.Join(s, "+"), ">")
		},
		NilOKFunc:              func(p *int) bool { return p == nil },
		ErrFunc:                func() (string, error) { return "bla", nil },
		PanicFunc:              func() string { panic("test panic") },
		TooFewReturnCountFunc:  func() {},
		TooManyReturnCountFunc: func() (string, error, int) { return "", nil, 0 },
		InvalidReturnTypeFunc:  func() (string, bool) { return "", false },
		Tmpl:                   template.Must(template.New("x").Parse("test template")),
	}
}

// cmpStruct is the data of exec_test.go's TestComparison.
type cmpStruct struct {
	Uthree, Ufour    uint
	NegOne, Three    int
	Ptr, NilPtr      *int
	NonNilMap        map[int]int
	Map              map[int]int
	V1, V2           V
	Iface1, NilIface fmt.Stringer
}

// Tree is the binary tree of exec_test.go's TestTree.
type Tree struct {
	Val         int
	Left, Right *Tree
}

func tr(v int, l, r *Tree) *Tree { return &Tree{v, l, r} }

// embedA / embedB reproduce TestIssue48215 (a nil embedded pointer).
type embedA struct{ S string }
type embedB struct{ *embedA }
