// Command oracle runs conformance cases through Go's text/template and prints Go's answers.
//
// It reads one JSON case per line on stdin and writes one JSON result per line on stdout, in
// the same order, flushing after each line so a long-lived caller can use it as a server.
// The case and result formats are documented in conformance/README.md.
package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf8"

	"gotmploracle/audit"
)

// Case is one conformance input (see conformance/README.md).
type Case struct {
	ID          string            `json:"id"`
	Kind        string            `json:"kind"`
	Name        *string           `json:"name"`
	Template    string            `json:"template"`
	TemplateB64 string            `json:"template_b64"`
	Delims      []string          `json:"delims"`
	Funcs       string            `json:"funcs"`
	FuncAliases map[string]string `json:"func_aliases"`
	Options     []string          `json:"options"`
	DataMode    string            `json:"data_mode"`
	Data        json.RawMessage   `json:"data"`
	// DataText, when set, is the data's JSON text itself (it may hold what a JSON value in
	// the case line cannot: duplicate keys).
	DataText string  `json:"data_text"`
	Steps    []Step  `json:"steps"`
	ExecOn   string  `json:"exec_on"`
	Execute  *string `json:"execute"`
	Secret   string  `json:"secret"`
	// FliptRoundtrip=false skips the span-attribute round trip (flipt_body only), to reproduce
	// Flipt's own client_test vectors, which marshal an Event built in Go directly.
	FliptRoundtrip *bool `json:"flipt_roundtrip"`
	// Files cases (files.go): the files and directories to create, the call and its arguments.
	Files  map[string]string `json:"files"`
	Dirs   []string          `json:"dirs"`
	Call   string            `json:"call"`
	Method bool              `json:"method"`
	Args   []string          `json:"args"`
	FSRoot string            `json:"fs_root"`
}

// Step is one operation on the set of templates a case builds.
type Step struct {
	Op      string   `json:"op"`
	On      string   `json:"on"`
	As      string   `json:"as"`
	Name    string   `json:"name"`
	Text    string   `json:"text"`
	TextB64 string   `json:"text_b64"`
	TreeOf  string   `json:"tree_of"`
	Options []string `json:"options"`
}

// result is an ordered JSON object so that expected files diff cleanly.
type result struct {
	keys []string
	vals map[string]any
}

func newResult(id string) *result {
	r := &result{vals: map[string]any{}}
	r.set("id", id)
	return r
}

func (r *result) set(k string, v any) {
	if _, ok := r.vals[k]; !ok {
		r.keys = append(r.keys, k)
	}
	r.vals[k] = v
}

// setText stores a string, or its base64 under "<k>_b64" when it is not valid UTF-8.
func (r *result) setText(k, s string) {
	if utf8.ValidString(s) {
		r.set(k, s)
	} else {
		r.set(k+"_b64", base64.StdEncoding.EncodeToString([]byte(s)))
	}
}

func (r *result) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range r.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshalNoHTML(r.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoHTML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// phaseError is an error tagged with the phase in which Go reported it.
type phaseError struct {
	phase string
	msg   string
}

func (e *phaseError) Error() string { return e.msg }

func decodeText(plain, b64 string) string {
	if b64 == "" {
		return plain
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		panic(fmt.Sprintf("bad base64 in case: %v", err))
	}
	return string(raw)
}

// buildSet creates the root template and runs the case's steps; it returns the named templates.
func buildSet(c *Case) (map[string]*template.Template, error) {
	name := "t"
	if c.Name != nil {
		name = *c.Name
	}
	root := template.New(name)
	if c.Delims != nil {
		root.Delims(c.Delims[0], c.Delims[1])
	}
	fm, err := funcSet(c.Funcs)
	if err != nil {
		return nil, err
	}
	if len(c.FuncAliases) > 0 {
		extra := template.FuncMap{}
		for k, v := range fm {
			extra[k] = v
		}
		for alias, target := range c.FuncAliases {
			extra[alias] = fm[target]
		}
		fm = extra
	}
	if fm != nil {
		root.Funcs(fm)
	}
	if len(c.Options) > 0 {
		root.Option(c.Options...)
	}
	vars := map[string]*template.Template{"t": root}
	steps := c.Steps
	if steps == nil {
		steps = []Step{{Op: "parse", Text: c.Template, TextB64: c.TemplateB64}}
	}
	get := func(v string) *template.Template {
		if v == "" {
			v = "t"
		}
		t, ok := vars[v]
		if !ok {
			panic(fmt.Sprintf("case uses unknown template variable %q", v))
		}
		return t
	}
	for _, s := range steps {
		on := get(s.On)
		switch s.Op {
		case "parse":
			if _, err := on.Parse(decodeText(s.Text, s.TextB64)); err != nil {
				return vars, &phaseError{"parse", err.Error()}
			}
		case "new":
			as := s.As
			if as == "" {
				as = s.Name
			}
			vars[as] = on.New(s.Name)
		case "clone":
			cl, err := on.Clone()
			if err != nil {
				return vars, &phaseError{"parse", err.Error()}
			}
			vars[s.As] = cl
		case "lookup":
			vars[s.As] = on.Lookup(s.Name)
		case "add_parse_tree":
			added, err := on.AddParseTree(s.Name, get(s.TreeOf).Tree)
			if err != nil {
				return vars, &phaseError{"parse", err.Error()}
			}
			if s.As != "" {
				vars[s.As] = added
			}
		case "option":
			on.Option(s.Options...)
		default:
			panic(fmt.Sprintf("unknown step op %q", s.Op))
		}
	}
	return vars, nil
}

func runCase(c *Case) (res *result) {
	res = newResult(c.ID)
	var out bytes.Buffer
	defer func() {
		if p := recover(); p != nil {
			res = newResult(c.ID)
			res.set("ok", false)
			res.set("phase", "panic")
			res.setText("error", fmt.Sprint(p))
			if c.Kind == "exec" {
				res.setText("partial", out.String())
			}
		}
	}()
	fail := func(err error, phase string) {
		res.set("ok", false)
		if pe, ok := err.(*phaseError); ok {
			phase = pe.phase
		}
		if c.Kind == "exec" || c.Kind == "parse" && phase != "parse" {
			res.set("phase", phase)
		}
		res.setText("error", err.Error())
		if c.Kind == "exec" {
			res.setText("partial", out.String())
		}
	}
	switch c.Kind {
	case "parse":
		vars, err := buildSet(c)
		if err != nil {
			fail(err, "parse")
			return
		}
		trees := map[string]string{}
		treesB64 := map[string]string{}
		for _, t := range vars["t"].Templates() {
			if t.Tree == nil || t.Tree.Root == nil {
				continue
			}
			s := t.Tree.Root.String()
			if utf8.ValidString(s) {
				trees[t.Name()] = s
			} else {
				treesB64[t.Name()] = base64.StdEncoding.EncodeToString([]byte(s))
			}
		}
		res.set("ok", true)
		res.set("trees", sortedMap(trees))
		if len(treesB64) > 0 {
			res.set("trees_b64", sortedMap(treesB64))
		}
	case "exec":
		vars, err := buildSet(c)
		if err != nil {
			fail(err, "parse")
			return
		}
		raw := c.Data
		if c.DataText != "" {
			raw = json.RawMessage(c.DataText)
		}
		data, err := buildData(c.DataMode, raw)
		if err != nil {
			fatalf("%s: bad case data: %v", c.ID, err)
		}
		on := vars["t"]
		if c.ExecOn != "" {
			on = vars[c.ExecOn]
		}
		if c.Execute != nil {
			err = on.ExecuteTemplate(&out, *c.Execute, data)
		} else {
			err = on.Execute(&out, data)
		}
		if err != nil {
			fail(&phaseError{"exec", stableAddresses(err.Error())}, "exec")
			return
		}
		res.set("ok", true)
		res.setText("output", out.String())
	case "flipt_body":
		var ev *audit.Event
		var err error
		if c.FliptRoundtrip != nil && !*c.FliptRoundtrip {
			ev = new(audit.Event)
			err = json.Unmarshal(c.Data, ev)
		} else {
			ev, err = audit.FromJSON(c.Data)
		}
		if err != nil {
			fatalf("%s: bad flipt event: %v", c.ID, err)
		}
		body, err := json.Marshal(ev)
		if err != nil {
			res.set("ok", false)
			res.set("phase", "marshal")
			res.setText("error", err.Error())
			return
		}
		mac := hmac.New(sha256.New, []byte(c.Secret))
		mac.Write(body)
		res.set("ok", true)
		res.setText("output", string(body))
		res.set("signature", hex.EncodeToString(mac.Sum(nil)))
	case "files":
		return runFilesCase(c)
	default:
		panic(fmt.Sprintf("unknown case kind %q", c.Kind))
	}
	return
}

// orderedMap marshals with sorted keys (encoding/json already sorts map keys; this keeps
// that explicit and independent of the engine's escaping settings).
type orderedMap [][2]string

func sortedMap(m map[string]string) orderedMap {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	om := make(orderedMap, 0, len(keys))
	for _, k := range keys {
		om = append(om, [2]string{k, m[k]})
	}
	return om
}

func (om orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range om {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshalNoHTML(kv[0])
		v, _ := marshalNoHTML(kv[1])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// addressInMessage matches the one exec error that prints a func value's address.
var addressInMessage = regexp.MustCompile(`can't use 0x[0-9a-f]+ iterate`)

// stableAddresses replaces code/heap addresses in Go's messages with the project's placeholder
// (gotmpl.gofmt.ADDRESS_PLACEHOLDER), so expected files do not change from build to build.
func stableAddresses(msg string) string {
	return addressInMessage.ReplaceAllString(msg, "can't use 0xc000000000 iterate")
}

// buildData turns a case's data into the Go value the template executes against.
func buildData(mode string, raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	switch {
	case mode == "" || mode == "json":
		var v any
		err := json.Unmarshal(raw, &v)
		return v, err
	case mode == "json_int":
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		return intNumbers(v), nil
	case mode == "deep":
		return deepData(raw)
	case mode == "pyvalues":
		return pyValues(raw)
	case mode == "flipt_event":
		ev, err := audit.FromJSON(raw)
		if err != nil {
			return nil, err
		}
		return *ev, nil
	case strings.HasPrefix(mode, "go:"):
		f, ok := fixtures()[mode[3:]]
		if !ok {
			return nil, fmt.Errorf("unknown fixture %q", mode)
		}
		return f, nil
	}
	return nil, fmt.Errorf("unknown data_mode %q", mode)
}

// intNumbers replaces json.Number values: integer literals become int, others float64.
func intNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return int(i)
			}
		}
		f, _ := strconv.ParseFloat(s, 64)
		return f
	case []any:
		for i := range v {
			v[i] = intNumbers(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = intNumbers(v[k])
		}
	}
	return v
}

// fatalf stops the oracle: a malformed case is a bug in the case file, not a Go behaviour.
func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "oracle: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		line := bytes.TrimSpace(in.Bytes())
		if len(line) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			fmt.Fprintf(os.Stderr, "oracle: bad case line: %v\n", err)
			os.Exit(2)
		}
		b, err := runCase(&c).MarshalJSON()
		if err != nil {
			fmt.Fprintf(os.Stderr, "oracle: %s: %v\n", c.ID, err)
			os.Exit(2)
		}
		out.Write(b)
		out.WriteByte('\n')
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "oracle: reading stdin: %v\n", err)
		os.Exit(2)
	}
}
