package golang

import (
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/testcat"
)

// Benchmarks of the stages of errcat generate that come before or belong
// to the Go target, on synthetic catalogs (testcat.Bench).

func BenchmarkParse(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, _ *catalog.Catalog, src []byte) {
		for range b.N {
			catalog.Parse("errors.toml", src)
		}
	})
}

func BenchmarkGo(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		for range b.N {
			if _, err := Go(c, Options{Package: "synth", Source: "errors.toml"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, c *catalog.Catalog, _ []byte) {
		for range b.N {
			Check(c)
		}
	})
}
