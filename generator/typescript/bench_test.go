package typescript

import (
	"fmt"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/synth"
)

// BenchmarkTypeScript renders the module of synthetic catalogs of 250 and
// 10k codes, reporting throughput in catalog bytes.
func BenchmarkTypeScript(b *testing.B) {
	for _, n := range []int{250, 10000} {
		src := synth.Catalog(n)
		c, diags := catalog.Parse("errors.toml", src)
		if c == nil {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				if _, err := TypeScript(c, Options{Source: "errors.toml"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
