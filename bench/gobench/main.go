// Command gobench times Go's text/template on the benchmark corpus, and serves a fast
// 127.0.0.1 receiver for the sender benchmark.
//
//	gobench time < corpus.json   prints {"name": {"parse_ns", "render_ns", "output"}, ...}
//	gobench serve [DELAY]        prints the port, then answers every request with 200,
//	                             after DELAY (a Go duration such as 50ms; default none)
//
// The corpus is written by bench/corpus.py; timing follows bench/timing.py (calibrated batches,
// median per operation) so the two sides are measured the same way.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"text/template"
	"time"

	"gotmploracle/audit"
)

// Case is one corpus template as bench/corpus.py writes it.
type Case struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Entry    string          `json:"entry"`
	DataMode string          `json:"data_mode"`
	Data     json.RawMessage `json:"data"`
}

// Input is the whole request: the cases and the timing budget.
type Input struct {
	Cases    []Case  `json:"cases"`
	Batches  int     `json:"batches"`
	BatchSec float64 `json:"batch_seconds"`
}

// Result is what one case reports back.
type Result struct {
	ParseNs  float64 `json:"parse_ns"`
	RenderNs float64 `json:"render_ns"`
	Output   string  `json:"output"`
	Error    string  `json:"error,omitempty"`
}

// funcMap is Flipt's: toJson is json.Marshal as a string.
var funcMap = template.FuncMap{
	"toJson": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

func decode(c Case) (any, error) {
	if c.DataMode == "flipt_event" {
		// The oracle's decoder: the event exactly as Flipt's webhook templates see it.
		ev, err := audit.FromJSON(c.Data)
		if err != nil {
			return nil, err
		}
		return *ev, nil
	}
	var v any
	err := json.Unmarshal(c.Data, &v)
	return v, err
}

func parse(text string) (*template.Template, error) {
	return template.New("").Funcs(funcMap).Parse(text)
}

func render(t *template.Template, entry string, data any, buf *bytes.Buffer) error {
	buf.Reset()
	if entry != "" {
		return t.ExecuteTemplate(buf, entry, data)
	}
	return t.Execute(buf, data)
}

// measure returns the median time per call of op, over batches each sized to take about
// batchSec seconds.
func measure(op func() error, batches int, batchSec float64) (float64, error) {
	n := 1
	for {
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := op(); err != nil {
				return 0, err
			}
		}
		if el := time.Since(start).Seconds(); el >= batchSec/4 || n >= 1<<24 {
			if el > 0 {
				n = max(1, int(float64(n)*batchSec/el))
			}
			break
		}
		n *= 2
	}
	per := make([]float64, batches)
	for b := range per {
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := op(); err != nil {
				return 0, err
			}
		}
		per[b] = float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	sort.Float64s(per)
	return per[len(per)/2], nil
}

func timeCase(c Case, batches int, batchSec float64) Result {
	data, err := decode(c)
	if err != nil {
		return Result{Error: "data: " + err.Error()}
	}
	t, err := parse(c.Template)
	if err != nil {
		return Result{Error: err.Error()}
	}
	var buf bytes.Buffer
	if err := render(t, c.Entry, data, &buf); err != nil {
		return Result{Error: err.Error()}
	}
	out := buf.String()
	parseNs, err := measure(func() error { _, err := parse(c.Template); return err }, batches, batchSec)
	if err != nil {
		return Result{Error: err.Error()}
	}
	renderNs, err := measure(func() error { return render(t, c.Entry, data, &buf) }, batches, batchSec)
	if err != nil {
		return Result{Error: err.Error()}
	}
	return Result{ParseNs: parseNs, RenderNs: renderNs, Output: out}
}

func timeAll() error {
	var in Input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	results := make(map[string]Result, len(in.Cases))
	for _, c := range in.Cases {
		results[c.Name] = timeCase(c, max(1, in.Batches), in.BatchSec)
	}
	return json.NewEncoder(os.Stdout).Encode(results)
}

// serve answers every request on 127.0.0.1 with an empty 200, after `delay`, until stdin
// closes. The delay stands for a receiver that does work before answering: what concurrent
// senders are for.
func serve(delay time.Duration) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin))
		os.Exit(0)
	}()
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if delay > 0 {
			time.Sleep(delay)
		}
		w.WriteHeader(http.StatusOK)
	}))
}

func main() {
	var err error
	switch {
	case len(os.Args) == 2 && os.Args[1] == "time":
		err = timeAll()
	case len(os.Args) == 2 && os.Args[1] == "serve":
		err = serve(0)
	case len(os.Args) == 3 && os.Args[1] == "serve":
		var delay time.Duration
		if delay, err = time.ParseDuration(os.Args[2]); err == nil {
			err = serve(delay)
		}
	default:
		err = fmt.Errorf("usage: gobench time|serve [DELAY]")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(1)
	}
}
