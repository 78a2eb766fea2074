package templates

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sample is a small data model for the templates under test.
var sample = &Data{
	Name:        "Sample",
	Description: "Errors <b>of</b> the sample API.",
	Envelope:    Envelope{Code: "error.code", Message: "error.message", Example: "{}"},
	Codes: []Code{
		{Code: "NOT_FOUND", Anchor: "not_found", GoName: "NotFound", Status: 404, StatusText: "404", Description: "Missing | gone.", Response: true, Retry: Retry{Kind: "never", Answer: "No"}},
		{Code: "BUSY", Anchor: "busy", GoName: "Busy", Status: 503, StatusText: "503", Description: "Try `later`.", Fix: "Wait.", Response: true, Retry: Retry{Kind: "backoff", Answer: "Yes (back off)", Retryable: true}},
	},
	Fallback: []Fallback{{Statuses: "Any other status", Retry: Retry{Kind: "never", Answer: "No"}}},
	HasFix:   true,
}

// TestRenderKeepsOutput shows that the bounds change nothing for a
// template within them, and leave the template itself as it was.
func TestRenderKeepsOutput(t *testing.T) {
	tests := []struct{ name, text string }{
		{"default", defaultText},
		{"defined templates", `{{define "row"}}| {{cell .Code}} | {{.Status}} |
{{end}}{{range .Codes}}{{template "row" .}}{{end}}{{block "tail" .}}{{len .Codes}}{{end}}`},
		{"loops that skip or do not write", `{{range $i, $c := .Codes}}{{if $i}}, {{end}}{{$c.GoName}}{{end}}
{{range 3}}{{continue}}x{{end}}{{range 2}}{{$x := 1}}{{range $.Codes}}{{break}}{{end}}{{end}}{{range .Retired}}x{{else}}none{{end}}`},
		{"builtins and helpers", `{{printf "%d-%s" 7 "a"}} {{print 1 "b"}} {{println "c"}}{{html "<x>"}} {{js "'"}} {{urlquery "a b"}}
{{range .Codes}}{{code .Code}} {{inline .Description}} {{heading .GoName}} {{anchor .Code}} {{paragraphs .Description}}
{{end}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := Parse(tt.name, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			before := tmpl.Tree.Root.String()
			var want bytes.Buffer
			if err := tmpl.Execute(&want, sample); err != nil {
				t.Fatal(err)
			}
			got, err := Render(tmpl, sample)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), string(got)); diff != "" {
				t.Errorf("bounded rendering differs from text/template's (-want +got):\n%s", diff)
			}
			if after := tmpl.Tree.Root.String(); after != before {
				t.Errorf("Render changed the template:\n%s", after)
			}
		})
	}
}

// TestRenderBounds runs hostile templates: each ends with the bound it
// went past, builds no output, and allocates far less than it asked for.
func TestRenderBounds(t *testing.T) {
	const max = 1 << 20
	// big builds a 256 KiB string within the bound.
	const big = `{{$x := "0123456789abcdef"}}{{range 14}}{{$x = printf "%s%s" $x $x}}{{end}}`
	tests := []struct {
		name   string
		text   string
		reason string
		want   string // the error, as a substring
	}{
		{"nested loops writing", `{{range 1000000000000}}{{range 1000000000000}}x{{end}}{{end}}`, "", "writes more than 1 MiB"},
		{"the issue's template", `{{range 1e12}}{{range 1e12}}x{{end}}{{end}}`, "1e12 is a float: text/template refuses to range over it", "can't iterate over 1e+12"},
		{"loop without writing", `{{range 1000000000000}}{{end}}`, "", "deadline exceeded"},
		{"loop skipping its write", `{{range 1000000000000}}{{continue}}x{{end}}`, "", "deadline exceeded"},
		{"loop writing nothing", `{{range 1000000000000}}{{if false}}x{{end}}{{$y := 1}}{{end}}`, "", "deadline exceeded"},
		{"exponential calls without writing", `{{define "a"}}{{if .}}{{template "a" (slice . 1)}}{{template "a" (slice . 1)}}{{end}}{{end}}{{template "a" "0123456789012345678901234567890123456789012345678901234567890123"}}`, "", "deadline exceeded"},
		{"endless recursion", `{{define "a"}}{{template "a"}}{{end}}{{template "a"}}`, "", "nests {{template}} calls deeper than 1000"},
		{"printf doubling", `{{$x := "ab"}}{{range 100}}{{$x = printf "%s%s" $x $x}}{{end}}{{len $x}}`, "", "builds more than 1 MiB of text"},
		{"printf reusing one argument", big + `{{printf "%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s" $x}}`, "refused before fmt builds it", "builds more than 1 MiB of text"},
		{"printf padding", `{{printf "%999999d%999999d" 1 2}}`, "", "builds more than 1 MiB of text"},
		{"print repeating", big + `{{print $x $x $x $x $x $x $x $x}}`, "", "builds more than 1 MiB of text"},
		{"html doubling", `{{$x := "<>"}}{{range 100}}{{$x = html $x $x}}{{end}}`, "", "builds more than 1 MiB of text"},
		{"helper growing its input", "{{$x := \"`\"}}{{range 100000}}{{$x = code $x}}{{end}}", "each code span adds backticks", "builds more than 1 MiB of text"},
		{"writing a big value often", big + `{{range 10}}{{$x}}{{end}}`, "", "writes more than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := Parse(tt.name, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			// A deadline only where it is the bound under test; elsewhere
			// one that only a hang would reach.
			timeout := time.Minute
			if strings.Contains(tt.want, "deadline") {
				timeout = 100 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			out, err := RenderLimit(ctx, tmpl, sample, max)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("RenderLimit = %d bytes, %v; want no output and an error containing %q", len(out), err, tt.want)
			}
			var limit *LimitError
			if strings.Contains(tt.want, "MiB") || strings.Contains(tt.want, "deeper") {
				if !errors.As(err, &limit) {
					t.Errorf("error %q is not a *LimitError", err)
				}
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*max && !strings.Contains(tt.want, "deadline") {
				t.Errorf("allocated %d MiB for a bound of 1 MiB", alloc>>20)
			}
		})
	}
}

func TestRenderCanceled(t *testing.T) {
	tmpl, err := Parse("loop", `{{range 1000000000000}}x{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if out, err := RenderContext(ctx, tmpl, sample); !errors.Is(err, context.Canceled) || out != nil {
		t.Errorf("RenderContext after cancel = %d bytes, %v; want context.Canceled", len(out), err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if out, err := RenderContext(ctx, tmpl, sample); !errors.Is(err, context.Canceled) || out != nil {
		t.Errorf("RenderContext canceled while running = %d bytes, %v; want context.Canceled", len(out), err)
	}
}

// scaleRow is the template row of the hostile-input scale table: a tiny
// template that would write 10²⁴ bytes.
const scaleRow = `{{range 1000000000000}}{{range 1000000000000}}x{{end}}{{end}}`

// TestRenderScaleRow renders the scale row with the real bound: it stops
// at MaxOutput, and the memory it takes from the system stays within a
// small multiple of that.
func TestRenderScaleRow(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB one byte at a time")
	}
	tmpl, err := Parse("row", scaleRow)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out, err := Render(tmpl, sample)
	runtime.ReadMemStats(&after)
	var limit *LimitError
	if !errors.As(err, &limit) || out != nil {
		t.Fatalf("Render = %d bytes, %v; want a LimitError", len(out), err)
	}
	grew := int64(after.HeapSys) - int64(before.HeapSys)
	if grew > 4*MaxOutput {
		t.Errorf("heap grew by %d MiB for a bound of %d MiB", grew>>20, MaxOutput>>20)
	}
	t.Logf("heap grew by %d MiB; %d MiB allocated in all", grew>>20, (after.TotalAlloc-before.TotalAlloc)>>20)
}

func BenchmarkRenderScaleRow(b *testing.B) {
	tmpl, err := Parse("row", scaleRow)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		if _, err := Render(tmpl, sample); err == nil {
			b.Fatal("no error")
		}
	}
}

func BenchmarkRenderDefault(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		if _, err := Render(Default(), sample); err != nil {
			b.Fatal(err)
		}
	}
}
