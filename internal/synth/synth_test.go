package synth

import (
	"bytes"
	"testing"

	"github.com/errcat/errcat/catalog"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

func TestCatalogValidates(t *testing.T) {
	for _, n := range []int{9, 50, 1000} {
		src := Catalog(n)
		c, diags := catalog.Parse("synth.toml", src)
		if c == nil || len(diags) > 0 {
			t.Fatalf("Catalog(%d) does not validate cleanly:\n%v", n, diags)
		}
		if len(c.Codes) != n {
			t.Errorf("Catalog(%d) has %d codes", n, len(c.Codes))
		}
		if !bytes.Equal(src, Catalog(n)) {
			t.Errorf("Catalog(%d) is not deterministic", n)
		}
		var templates, deprecated int
		for _, code := range c.Codes {
			if code.Message != nil {
				templates++
			}
			if code.Deprecated {
				deprecated++
			}
		}
		if n >= 1000 && (templates == 0 || deprecated == 0) {
			t.Errorf("Catalog(%d): %d templates, %d deprecations", n, templates, deprecated)
		}
	}
}
