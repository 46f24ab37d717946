package main

import (
	"bytes"
	"os"
	"path/filepath"
	"text/template"
	"unicode/utf8"
)

// runFilesCase answers a "files" case: it writes the case's files into a fresh temporary
// directory, makes that the working directory, and calls ParseFiles, ParseGlob or ParseFS
// (the package function, or the method on the case's root template when "method" is set).
// Paths in "args" are relative to that directory, so Go's error texts are the same on every
// machine.
func runFilesCase(c *Case) *result {
	res := newResult(c.ID)
	dir, err := os.MkdirTemp("", "gotmpl-files-")
	if err != nil {
		fatalf("%s: %v", c.ID, err)
	}
	defer os.RemoveAll(dir)
	for _, d := range c.Dirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			fatalf("%s: %v", c.ID, err)
		}
	}
	for name, text := range c.Files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fatalf("%s: %v", c.ID, err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			fatalf("%s: %v", c.ID, err)
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		fatalf("%s: %v", c.ID, err)
	}
	if err := os.Chdir(dir); err != nil {
		fatalf("%s: %v", c.ID, err)
	}
	defer os.Chdir(cwd)

	var recv *template.Template
	if c.Method {
		vars, err := buildSet(c)
		if err != nil {
			fatalf("%s: the receiver does not build: %v", c.ID, err)
		}
		recv = vars["t"]
	}
	got, err := callFiles(recv, c)
	if err != nil {
		res.set("ok", false)
		res.setText("error", err.Error())
		if recv != nil {
			res.set("trees", treesOf(recv))
		}
		return res
	}
	res.set("ok", true)
	res.set("name", got.Name())
	res.set("trees", treesOf(got))
	data, err := buildData(c.DataMode, c.Data)
	if err != nil {
		fatalf("%s: bad case data: %v", c.ID, err)
	}
	var out bytes.Buffer
	if err := got.Execute(&out, data); err != nil {
		res.setText("exec_error", err.Error())
	} else {
		res.setText("output", out.String())
	}
	return res
}

// callFiles makes the case's call: on recv when it is not nil, else the package function.
func callFiles(recv *template.Template, c *Case) (*template.Template, error) {
	switch c.Call {
	case "ParseFiles":
		if recv != nil {
			return recv.ParseFiles(c.Args...)
		}
		return template.ParseFiles(c.Args...)
	case "ParseGlob":
		if recv != nil {
			return recv.ParseGlob(c.Args[0])
		}
		return template.ParseGlob(c.Args[0])
	case "ParseFS":
		root := c.FSRoot
		if root == "" {
			root = "."
		}
		fsys := os.DirFS(root)
		if recv != nil {
			return recv.ParseFS(fsys, c.Args...)
		}
		return template.ParseFS(fsys, c.Args...)
	}
	fatalf("%s: unknown call %q", c.ID, c.Call)
	return nil, nil
}

// treesOf is Tree.Root.String() of every template of t's set that has a tree.
func treesOf(t *template.Template) orderedMap {
	trees := map[string]string{}
	for _, u := range t.Templates() {
		if u.Tree == nil || u.Tree.Root == nil {
			continue
		}
		s := u.Tree.Root.String()
		if !utf8.ValidString(s) {
			fatalf("template %q prints as invalid UTF-8", u.Name())
		}
		trees[u.Name()] = s
	}
	return sortedMap(trees)
}
