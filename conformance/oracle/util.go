package main

import (
	"bytes"
	"fmt"
)

func sprint(v any) string { return fmt.Sprint(v) }

// stringsBuilder returns a *bytes.Buffer holding s: a fmt.Stringer from the standard library,
// as exec_test.go uses.
func stringsBuilder(s string) *bytes.Buffer { return bytes.NewBufferString(s) }
