package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"text/template"
)

// funcSet returns the FuncMap a case names in its "funcs" field.
func funcSet(name string) (template.FuncMap, error) {
	switch name {
	case "", "none":
		return nil, nil
	case "test":
		return specFuncs, nil
	case "gotest":
		return goTestFuncs, nil
	case "flipt":
		return fliptFuncs, nil
	case "parsetest":
		// parse_test.go's builtins map (contains is not a text/template builtin).
		return template.FuncMap{"printf": fmt.Sprintf, "contains": strings.Contains}, nil
	case "gopanic":
		return template.FuncMap{"doPanic": func() string { panic("custom panic string") }}, nil
	case "goerr":
		return template.FuncMap{"err": func() (string, error) { return "", &customError{} }}, nil
	}
	fatalf("unknown funcs set %q", name)
	return nil, nil
}

// specFuncs is the FuncMap F of /work/shared/go-template-spec.md.
var specFuncs = template.FuncMap{
	"typeOf": func(v any) string { return fmt.Sprintf("%T", v) },
	"toJson": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"add":  func(a, b int) int { return a + b },
	"fail": func() (string, error) { return "", errors.New("failed!") },
	"die":  func() string { panic("died") },
	"seq": func(n int) iter.Seq[int] {
		return func(yield func(int) bool) {
			for i := 0; i < n; i++ {
				if !yield(i) {
					return
				}
			}
		}
	},
}

// fliptFuncs is the funcMap Flipt v1.61.1 passes to its webhook templates.
var fliptFuncs = template.FuncMap{
	"toJson": func(v any) (string, error) {
		b, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		return string(b), nil
	},
}

type customError struct{}

func (*customError) Error() string { return "heyo !" }

// goTestFuncs has the names and signatures of the FuncMap in Go's exec_test.go.
var goTestFuncs = template.FuncMap{
	"add": func(args ...int) int {
		total := 0
		for _, a := range args {
			total += a
		}
		return total
	},
	"count": func(n int) chan string {
		if n == 0 {
			return nil
		}
		ch := make(chan string, n)
		for i := 0; i < n; i++ {
			ch <- string(rune('a' + i))
		}
		close(ch)
		return ch
	},
	"dddArg":  func(a int, b ...string) string { return fmt.Sprintln(a, b) },
	"die":     func() bool { panic("die") },
	"echo":    func(arg any) any { return arg },
	"makemap": makemap,
	"mapOfThree": func() any {
		return map[string]int{"three": 3}
	},
	"oneArg":      func(a string) string { return "oneArg=" + a },
	"returnInt":   func() int { return 7 },
	"stringer":    func(s fmt.Stringer) string { return s.String() },
	"twoArgs":     func(a, b string) string { return "twoArgs=" + a + b },
	"typeOf":      func(v any) string { return fmt.Sprintf("%T", v) },
	"valueString": func(v string) string { return "value is ignored" },
	"vfunc":       func(V, *V) string { return "vfunc" },
	"zeroArgs":    func() string { return "zeroArgs" },
}

func makemap(args ...string) map[string]string {
	if len(args)%2 != 0 {
		panic("bad makemap")
	}
	m := map[string]string{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i]] = args[i+1]
	}
	return m
}
