package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/synth"
)

// splitDocs are documents where decoding in two parts could go wrong:
// each is decoded split at every line that starts with "[codes.".
var splitDocs = map[string]string{
	"codes only":          "[codes.A]\nstatus = 400\n[codes.B]\nstatus = 401\n",
	"explicit codes":      "[codes]\n[codes.A]\nstatus = 400\n[codes.B]\nstatus = 401\n",
	"codes twice":         "[codes]\n[codes.A]\nx = 1\n[codes]\n[codes.B]\nx = 2\n",
	"codes in second":     "[codes.A]\nx = 1\n[codes.B]\nx = 2\n[codes]\nC = 3\n",
	"inline codes":        "codes = {A = {x = 1}}\n[codes.B]\nx = 2\n",
	"scalar codes":        "codes = 5\n[codes.B]\nx = 2\n",
	"dotted codes":        "codes.A.x = 1\n[catalog]\nname = \"n\"\n[codes.B]\nx = 2\n",
	"dotted in table":     "[codes]\nA.x = 1\n[codes.A]\ny = 2\n",
	"duplicate code":      "[codes.A]\nx = 1\n[codes.B]\nx = 2\n[codes.A]\ny = 3\n",
	"super after sub":     "[codes.A.sub]\nx = 1\n[codes.B]\nx = 2\n[codes.A]\ny = 3\n",
	"array of tables":     "[[codes]]\nx = 1\n[codes.B]\nx = 2\n",
	"other table after":   "[codes.A]\nx = 1\n[codes.B]\nx = 2\n[retired]\nC = \"gone\"\n",
	"string spans":        "[catalog]\nd = \"\"\"\n[codes.A]\nx = 1\n\"\"\"\n[codes.B]\nx = 2\n",
	"array spans":         "[catalog]\nd = [\n1,\n]\n[codes.A]\nx = 1\n[codes.B]\nx = [\n[codes.C]\n]\n",
	"nested tables":       "[codes.A]\nx = 1\n[codes.B.message]\nen = \"m\"\n[codes.B]\nstatus = 4\n",
	"quoted key":          "[codes.A]\nx = 1\n[codes.\"B.C\"]\nx = 2\n[\"codes\".D]\nx = 3\n",
	"syntax error second": "[codes.A]\nx = 1\n[codes.B]\nx = = 2\n",
	"syntax error first":  "[catalog\n[codes.A]\nx = 1\n",
	"type clash":          "[codes.A]\nx = 1\n[codes.B]\nx = 1\nx = 2\n",
	"header with space":   "[codes.A]\nx = 1\n[codes.B ]\nx = 2\n[ codes.C]\nx = 3\n",
}

// TestDecodeSplit shows that decoding a document in two parts gives what
// decoding it whole gives, or is not done: wherever the document is split,
// whatever it holds.
func TestDecodeSplit(t *testing.T) {
	for name, doc := range splitDocs {
		t.Run(name, func(t *testing.T) { checkSplits(t, []byte(doc)) })
	}
	files, _ := filepath.Glob("../testdata/catalogs/*/errors.toml")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(file, func(t *testing.T) { checkSplits(t, src) })
	}
}

// TestDecodeSplitTaken shows that a large catalog is decoded in two parts:
// the split is not a path that is never taken.
func TestDecodeSplitTaken(t *testing.T) {
	src := synth.Catalog(250)
	at := splitPoint(src)
	if len(src) < splitMin || at == 0 {
		t.Fatalf("a %d-byte synthetic catalog is not split (at %d)", len(src), at)
	}
	split, ok := decodeSplit(src, at)
	if !ok {
		t.Fatal("the synthetic catalog is not decoded in two parts")
	}
	whole, err := decodeWhole(src)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole, split); diff != "" {
		t.Errorf("split decoding differs (-whole +split):\n%s", diff)
	}
}

// checkSplits decodes src split at every line that starts with "[codes."
// and compares each result with the whole document's.
func checkSplits(t *testing.T, src []byte) {
	t.Helper()
	checkSplitsAt(t, src, splitsOf(src))
}

// splitsOf returns the offsets of the lines of src that start with
// "[codes.".
func splitsOf(src []byte) []int {
	var at []int
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("\n[codes."))
		if j < 0 {
			return at
		}
		i += j + 1
		at = append(at, i)
	}
}

// checkSplitsAt decodes src split at each offset and compares each result
// with the whole document's.
func checkSplitsAt(t *testing.T, src []byte, offsets []int) {
	t.Helper()
	whole, err := decodeWhole(src)
	for _, at := range offsets {
		split, ok := decodeSplit(src, at)
		switch {
		case !ok:
		case err != nil:
			t.Errorf("split at %d: decoded in two parts a document that does not decode: %v", at, err)
		default:
			if diff := cmp.Diff(whole, split); diff != "" {
				t.Errorf("split at %d: decoding differs (-whole +split):\n%s", at, diff)
			}
		}
	}
}
