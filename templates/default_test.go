package templates

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDefaultRenderer holds renderDefault to default.md.tmpl: for every
// combination of the parts the template writes only sometimes, both give
// the same bytes. generator/markdown checks the same on every test
// catalog, and FuzzMarkdown on fuzzed ones.
func TestDefaultRenderer(t *testing.T) {
	variations := []func(d *Data){
		func(d *Data) { d.Description = "" },
		func(d *Data) { d.Envelope.Format = "problem" },
		func(d *Data) { d.Envelope.ContentType = "application/vnd.api+json" },
		func(d *Data) { d.Envelope.Title = "error.title"; d.HasTitle = true },
		func(d *Data) { d.Envelope.Status, d.Envelope.Details = "error.status", "error.details" },
		func(d *Data) { d.Envelope.DocURL = "error.doc_url" },
		func(d *Data) { d.DocsURL = "https://docs.example/errors" },
		func(d *Data) { d.Envelope.Instance, d.Envelope.Fixed = "error.instance", `{"v":1}` },
		func(d *Data) { d.HasAsync = true; d.Codes[1].StatusText = "503, async" },
		func(d *Data) {
			cats := []Category{
				{Key: "missing", Title: "Missing `things`", Description: "Gone.\n\n- one\n- two", Codes: d.Codes[:1]},
				{Key: "busy", Title: "Busy #", Codes: d.Codes[1:], HasFix: d.HasFix},
			}
			for i := range cats {
				cats[i].HasTitle = d.HasTitle
			}
			d.Categories = cats
		},
		func(d *Data) {
			d.Codes[0].Deprecated, d.Codes[0].Since = true, "v2 | beta"
			d.Codes[1].Deprecated, d.Codes[1].Deprecation = true, "Use *NOT_FOUND*."
		},
		func(d *Data) { d.HasFix = false },
		func(d *Data) {
			d.Retired = []Retired{{Code: "OLD|ONE", Anchor: "old-one", Reason: "Merged <b>in</b>.", Removed: "2.0"}, {Code: "GONE", Anchor: "gone"}}
		},
	}
	tmpl, err := Parse("default.md.tmpl", defaultText)
	if err != nil {
		t.Fatal(err)
	}
	for mask := range 1 << len(variations) {
		d := *sample
		d.Codes = append([]Code(nil), sample.Codes...)
		d.Codes[0].Title, d.Codes[1].Title = "Not found", "Busy"
		d.Codes[0].Retry.Notes = "Never | ever."
		for i, vary := range variations {
			if mask&(1<<i) != 0 {
				vary(&d)
			}
		}
		var want bytes.Buffer
		if err := tmpl.Execute(&want, &d); err != nil {
			t.Fatal(err)
		}
		got := renderDefault(&d)
		if diff := cmp.Diff(want.String(), string(got)); diff != "" {
			t.Fatalf("variation %b: renderDefault differs from default.md.tmpl (-template +renderDefault):\n%s", mask, diff)
		}
	}
}
