package golang

import (
	"path/filepath"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
)

// TestFixedCatalog keeps fixed/catalog_gen.go, the catalog part that lets
// the fixed part compile and be tested on its own, in step with the
// generator. Run with -update after changing either.
func TestFixedCatalog(t *testing.T) {
	c, diags, err := catalog.Load(filepath.Join("fixed", "errors.toml"))
	if err != nil || c == nil {
		t.Fatalf("load: %v\n%v", err, diags)
	}
	if diags := Check(c); diags.HasErrors() {
		t.Fatal(diags)
	}
	src, err := render(c, Options{Package: "fixed", Source: "errors.toml"}, false)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("fixed", "catalog_gen.go"), src)
}
