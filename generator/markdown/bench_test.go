package markdown

import (
	"context"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/testcat"
)

// BenchmarkMarkdown renders the built-in docs of synthetic catalogs.
func BenchmarkMarkdown(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		for range b.N {
			if _, err := Render(context.Background(), c, nil, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
