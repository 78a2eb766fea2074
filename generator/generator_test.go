package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/testcat"
)

func diagText(ds catalog.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// TestDiagnosticGoldens parses and checks every catalog in testdata/bad, each with one
// defect, and testdata/warn, each valid but drawing warnings, and compares
// the diagnostics with each catalog's golden file.
func TestDiagnosticGoldens(t *testing.T) {
	for _, dir := range []struct {
		name    string
		errors  bool // the catalogs must be rejected
		atLeast int
	}{{"bad", true, 25}, {"warn", false, 1}} {
		files, err := filepath.Glob(testcat.Testdata(dir.name, "*.toml"))
		if err != nil || len(files) < dir.atLeast {
			t.Fatalf("want at least %d catalogs in testdata/%s, found %d (%v)", dir.atLeast, dir.name, len(files), err)
		}
		for _, file := range files {
			name := filepath.Base(file)
			t.Run(dir.name+"/"+strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				c, diags := Parse(name, src)
				switch {
				case dir.errors && (c != nil || !diags.HasErrors()):
					t.Fatalf("Parse accepted a bad catalog; diagnostics:\n%s", diagText(diags))
				case !dir.errors && (c == nil || diags.HasErrors() || len(diags) == 0):
					t.Fatalf("want a catalog with warnings only, got:\n%s", diagText(diags))
				}
				golden.Check(t, strings.TrimSuffix(file, ".toml")+".golden", []byte(diagText(diags)))
			})
		}
	}
}
