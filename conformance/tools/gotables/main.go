// Command gotables prints the rows of a composite-literal table in a Go test file as JSON lines.
//
// It exists so that conformance/gen_*.py can take the *inputs* of Go's own text/template tests
// as data (names, template text, data expressions) without anyone retyping them by hand.
// Usage: gotables FILE VAR   (VAR: a package-level var, or FUNC.VAR for a var inside a func)
//
// Each output line is {"fields":[{"src":..., "str":...?, "strs":...?}, ...]}: the Go source text
// of every element of the row, plus its value when it is a constant string expression (or a
// composite literal of them).
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
)

// knownStrings holds the package-level string variables the tables concatenate.
var knownStrings = map[string]string{
	"bigInt":  "0x7fffffffffffffff",
	"bigUint": "0x8000000000000000",
	// lex_test.go
	"raw":   "`abc\\n\\t\\\" `",
	"rawNL": "`now is{{\n}}the time`",
	// exec_test.go
	"rangeTestInt": `{{range $v := .}}{{printf "%T%d" $v $v}}{{end}}`,
}

type field struct {
	Src  string   `json:"src"`
	Str  *string  `json:"str,omitempty"`
	Strs []string `json:"strs,omitempty"`
}

func evalString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, ok1 := evalString(e.X)
			b, ok2 := evalString(e.Y)
			return a + b, ok1 && ok2
		}
	case *ast.Ident:
		s, ok := knownStrings[e.Name]
		return s, ok
	case *ast.ParenExpr:
		return evalString(e.X)
	}
	return "", false
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gotables FILE VAR")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, os.Args[1], src, 0)
	if err != nil {
		panic(err)
	}
	want := os.Args[2]
	funcName, varName := "", want
	if i := strings.IndexByte(want, '.'); i >= 0 {
		funcName, varName = want[:i], want[i+1:]
	}
	var table *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if table != nil {
			return false
		}
		if fd, ok := n.(*ast.FuncDecl); ok && funcName != "" && fd.Name.Name != funcName {
			return false
		}
		if fd, ok := n.(*ast.FuncDecl); ok && funcName == "" {
			_ = fd
			return false
		}
		var names []*ast.Ident
		var values []ast.Expr
		switch n := n.(type) {
		case *ast.ValueSpec:
			names, values = n.Names, n.Values
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names = append(names, id)
				}
			}
			values = n.Rhs
		}
		for i, id := range names {
			if id.Name == varName && i < len(values) {
				if cl, ok := values[i].(*ast.CompositeLit); ok {
					table = cl
				}
			}
		}
		return true
	})
	if table == nil {
		fmt.Fprintln(os.Stderr, "table not found:", want)
		os.Exit(1)
	}
	text := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	out := json.NewEncoder(os.Stdout)
	for _, elt := range table.Elts {
		row, ok := elt.(*ast.CompositeLit)
		var parts []ast.Expr
		if ok {
			for _, e := range row.Elts {
				if kv, isKV := e.(*ast.KeyValueExpr); isKV {
					e = kv.Value
				}
				parts = append(parts, e)
			}
		} else {
			parts = []ast.Expr{elt}
		}
		var fields []field
		for _, p := range parts {
			fl := field{Src: text(p)}
			if s, ok := evalString(p); ok {
				fl.Str = &s
			}
			if cl, ok := p.(*ast.CompositeLit); ok {
				all := true
				var strs []string
				for _, e := range cl.Elts {
					s, ok := evalString(e)
					all = all && ok
					strs = append(strs, s)
				}
				if all && len(strs) > 0 {
					fl.Strs = strs
				}
			}
			fields = append(fields, fl)
		}
		if err := out.Encode(map[string]any{"fields": fields}); err != nil {
			panic(err)
		}
	}
}
