package main

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Deep is one level of the "deep" data mode's struct shape: a struct holding the next level.
type Deep struct{ Next any }

// deepSpec is the data of a "deep" case: the leaf wrapped depth times, level i by
// shapes[i % len(shapes)] from the inside out. Building it here (and in Python) keeps data
// nested past encoding/json's own 10000-level limit out of the case file.
type deepSpec struct {
	Shapes []string        `json:"shapes"`
	Depth  int             `json:"depth"`
	Leaf   json.RawMessage `json:"leaf"`
}

func deepData(raw json.RawMessage) (any, error) {
	var spec deepSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	if len(spec.Shapes) == 0 {
		return nil, fmt.Errorf("deep data needs shapes")
	}
	var v any
	if len(spec.Leaf) > 0 {
		dec := json.NewDecoder(bytes.NewReader(spec.Leaf))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		v = intNumbers(v)
	}
	for i := 0; i < spec.Depth; i++ {
		switch shape := spec.Shapes[i%len(spec.Shapes)]; shape {
		case "slice":
			v = []any{v}
		case "map":
			v = map[string]any{"a": v}
		case "struct":
			v = Deep{Next: v}
		case "ptr":
			v = &Deep{Next: v}
		default:
			return nil, fmt.Errorf("unknown deep shape %q", shape)
		}
	}
	return v, nil
}
