// Command httpclient sends Flipt v1.61.1's webhook template request with Go's net/http, so
// tests can compare what a receiver gets from Go with what our sender sends.
//
// Each line of stdin is a JSON request {"url", "body", "headers"}; each answer is a JSON line
// {"status"} or {"error"}. The request is built as Flipt's internal/server/audit/template
// executer builds it (POST, Header.Add for each configured header, then Content-Type unless
// one starting with application/json is set) and sent by a client configured as
// go-cleanhttp's DefaultPooledClient configures its transport (which Flipt's
// go-retryablehttp uses): no overall timeout, HTTP/2 attempted, 1s Expect-Continue timeout.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"
)

type request struct {
	URL     string            `json:"url"`
	Body    string            `json:"body"`
	Headers map[string]string `json:"headers"`
}

type answer struct {
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

func main() {
	client := &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		ForceAttemptHTTP2:     true,
		MaxIdleConnsPerHost:   runtime.GOMAXPROCS(0) + 1,
	}}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			out.Encode(answer{Error: err.Error()})
			continue
		}
		out.Encode(send(client, r))
	}
}

func send(client *http.Client, r request) answer {
	req, err := http.NewRequest(http.MethodPost, r.URL, bytes.NewBuffer([]byte(r.Body)))
	if err != nil {
		return answer{Error: err.Error()}
	}
	for key, value := range r.Headers {
		req.Header.Add(key, value)
	}
	if !strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		req.Header.Add("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{Error: err.Error()}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return answer{Status: resp.StatusCode}
}
