package markdown

import (
	"context"
	"fmt"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/synth"
)

// BenchmarkMarkdown renders the built-in docs of synthetic catalogs of 250
// and 10k codes; the whole-process figures come from scripts/bench.
func BenchmarkMarkdown(b *testing.B) {
	for _, n := range []int{250, 10000} {
		src := synth.Catalog(n)
		c, diags := catalog.Parse("errors.toml", src)
		if c == nil {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Render(context.Background(), c, nil, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
