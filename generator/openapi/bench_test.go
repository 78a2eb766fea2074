package openapi_test

import (
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/testcat"
)

// BenchmarkOpenAPI renders the document of synthetic catalogs, in each
// format.
func BenchmarkOpenAPI(b *testing.B) {
	testcat.Bench(b, func(b *testing.B, c *catalog.Catalog, src []byte) {
		for _, f := range formats {
			b.Run(f.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for range b.N {
					if _, err := openapi.OpenAPI(c, openapi.Options{Format: f.format, Source: "errors.toml"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}
