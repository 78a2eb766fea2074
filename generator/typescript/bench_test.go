package typescript

import (
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/testcat"
)

// BenchmarkTypeScript renders the module of synthetic catalogs.
func BenchmarkTypeScript(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		for range b.N {
			if _, err := TypeScript(c, Options{Source: "errors.toml"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
