package golang

import (
	"fmt"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/synth"
)

// Benchmarks of each stage of errcat generate on synthetic catalogs; the
// whole-process figures beside their floors come from scripts/bench.

func synthCatalog(b *testing.B, n int) (*catalog.Catalog, []byte) {
	b.Helper()
	src := synth.Catalog(n)
	c, diags := catalog.Parse("errors.toml", src)
	if c == nil {
		b.Fatal(diags)
	}
	return c, src
}

// benchStages runs stage on synthetic catalogs of 250 and 10k codes,
// reporting throughput in catalog bytes.
func benchStages(b *testing.B, stage func(b *testing.B, c *catalog.Catalog, src []byte)) {
	for _, n := range []int{250, 10000} {
		c, src := synthCatalog(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				stage(b, c, src)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	benchStages(b, func(b *testing.B, _ *catalog.Catalog, src []byte) {
		catalog.Parse("errors.toml", src)
	})
}

func BenchmarkGo(b *testing.B) {
	benchStages(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		if _, err := Go(c, Options{Package: "synth", Source: "errors.toml"}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	benchStages(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		Check(c)
	})
}
