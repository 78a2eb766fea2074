package openapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/testcat"
)

// goBody is one body the generated Go package wrote.
type goBody struct {
	Catalog string          `json:"catalog"`
	Code    string          `json:"code"`
	Kind    string          `json:"kind"` // "new", "details"
	Body    json.RawMessage `json:"body"`
}

// TestGeneratedGoBodies compiles the generated Go package of every
// catalog in a temporary module, runs a program that prints the body
// MarshalJSON writes for New(code, description) of every code (and again
// with Details set), and checks every body against the
// OpenAPI document of the same catalog: it validates against the Error
// schema, and a response code's body is exactly its example. So the Go and
// OpenAPI targets cannot disagree.
func TestGeneratedGoBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and runs generated code")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	var goTarget generator.Target
	for _, tg := range generator.Targets() {
		if tg.Flag == "go" {
			goTarget = tg
		}
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module errcattest\n\ngo 1.22\n"))
	var main bytes.Buffer
	main.WriteString("package main\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n\n")
	catalogs := map[string]*catalog.Catalog{}
	for _, name := range testcat.All {
		c := load(t, name)
		catalogs[name] = c
		out := filepath.Join(dir, c.Package, "errors_gen.go")
		src, err := goTarget.Render(context.Background(), &generator.Request{Catalog: c, Out: out, Source: "errors.toml",
			Options: map[string]string{"package": c.Package}})
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(c.Package, "errors_gen.go"), src)
		fmt.Fprintf(&main, "\t%s %q\n", c.Package, "errcattest/"+c.Package)
	}
	main.WriteString(`)

type body struct {
	Catalog string          ` + "`json:\"catalog\"`" + `
	Code    string          ` + "`json:\"code\"`" + `
	Kind    string          ` + "`json:\"kind\"`" + `
	Body    json.RawMessage ` + "`json:\"body\"`" + `
}

var enc = json.NewEncoder(os.Stdout)

func init() { enc.SetEscapeHTML(false) } // keep each body's bytes as they are

// emit prints the bytes of MarshalJSON itself, as Write sends them;
// json.Marshal would escape them again.
func emit(catalog, code, kind string, v json.Marshaler) {
	b, err := v.MarshalJSON()
	if err != nil {
		panic(err)
	}
	if err := enc.Encode(body{catalog, code, kind, b}); err != nil {
		panic(err)
	}
}

func main() {
`)
	for _, name := range testcat.All {
		c := catalogs[name]
		for _, code := range c.Codes {
			fmt.Fprintf(&main, "\t{\n\t\te := %s.New(%s.Code(%q), %q)\n", c.Package, c.Package, code.Code, code.Description)
			fmt.Fprintf(&main, "\t\temit(%q, %q, \"new\", e)\n", name, code.Code)
			fmt.Fprintf(&main, "\t\te.Details = json.RawMessage(`{\"field\":\"name\",\"reasons\":[1,true,null]}`)\n")
			fmt.Fprintf(&main, "\t\temit(%q, %q, \"details\", e)\n\t}\n", name, code.Code)
		}
	}
	main.WriteString("}\n")
	write("main.go", main.Bytes())

	cmd := exec.Command(gobin, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run in the generated module: %v\n%s", err, stderr.Bytes())
	}
	bodies := map[string][]goBody{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var b goBody
		if err := json.Unmarshal(sc.Bytes(), &b); err != nil {
			t.Fatalf("%v: %s", err, sc.Bytes())
		}
		bodies[b.Catalog] = append(bodies[b.Catalog], b)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	for _, name := range testcat.All {
		t.Run(name, func(t *testing.T) {
			c := catalogs[name]
			if got, want := len(bodies[name]), 2*len(c.Codes); got != want {
				t.Fatalf("%d bodies, want %d", got, want)
			}
			doc := render(t, c, openapi.YAML)
			schema := errorSchema(t, model(t, doc))
			root := parseDoc(t, doc)
			for _, b := range bodies[name] {
				if ok, why := validBody(t, schema, b.Body); !ok {
					t.Errorf("%s (%s): the generated Go body does not validate against Error:\n%s%s", b.Code, b.Kind, why, b.Body)
				}
				code := c.Code(b.Code)
				if b.Kind != "new" || !code.Response {
					continue
				}
				if want := c.ExampleBody(code, code.Description); !bytes.Equal(b.Body, want) {
					t.Errorf("%s (%s): Go writes\n%s\nExampleBody gives\n%s", b.Code, b.Kind, b.Body, want)
				}
				ex := get(root, "components", "responses", openapi.ResponseName(code.Status), "content", c.Envelope.ContentType, "examples", code.Code, "value")
				if ex == nil {
					t.Errorf("%s: no example in %s", b.Code, openapi.ResponseName(code.Status))
					continue
				}
				got, err := compactJSON(ex)
				if err != nil {
					t.Fatal(err)
				}
				want, err := compactJSON(parseValue(t, b.Body))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: the example is\n%s\nGo writes\n%s", b.Code, got, want)
				}
			}
		})
	}
}
