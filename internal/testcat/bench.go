package testcat

import (
	"fmt"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/synth"
)

// Bench runs stage as a sub-benchmark on synthetic catalogs of 250 and 10k
// codes (internal/synth), named by their size and reporting throughput in
// catalog bytes: the per-stage benchmarks of the targets. The whole-process
// figures beside their floors come from scripts/bench.
func Bench(b *testing.B, stage func(b *testing.B, c *catalog.Catalog, src []byte)) {
	for _, n := range []int{250, 10000} {
		src := synth.Catalog(n)
		c, diags := catalog.Parse("errors.toml", src)
		if c == nil {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			stage(b, c, src)
		})
	}
}
