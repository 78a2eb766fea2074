package openapi_test

import (
	"path/filepath"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/testcat"
)

// TestStatusChangeDiff generates the documents of a catalog before and
// after one code changes status and stores their unified diff as a golden,
// the change a reviewer sees: the code's example leaves the old status's
// response and joins the new one's, and nothing else changes.
func TestStatusChangeDiff(t *testing.T) {
	dir := testcat.Testdata("openapi", "status_change")
	docs := map[string][]byte{}
	for _, name := range []string{"old", "new"} {
		c, diags, err := catalog.Load(filepath.Join(dir, name+".toml"))
		if err != nil || c == nil {
			t.Fatalf("%s: %v\n%v", name, err, diags)
		}
		docs[name] = render(t, c, openapi.YAML)
	}
	where := func(doc []byte) []string {
		var in []string
		responses := get(parseDoc(t, doc), "components", "responses")
		for _, r := range keys(responses) {
			if get(responses, r, "content", "application/json", "examples", "WIDGET_NAME_TAKEN") != nil {
				in = append(in, r)
			}
		}
		return in
	}
	if diff := cmp.Diff([]string{"Error400"}, where(docs["old"])); diff != "" {
		t.Errorf("old document: responses with the example (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Error409"}, where(docs["new"])); diff != "" {
		t.Errorf("new document: responses with the example (-want +got):\n%s", diff)
	}
	diff := udiff.Unified("old/openapi.yaml", "new/openapi.yaml", string(docs["old"]), string(docs["new"]))
	golden.Check(t, filepath.Join(dir, "openapi.diff.golden"), []byte(diff))
}
