package openapi_test

import (
	"fmt"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/synth"
)

// BenchmarkOpenAPI renders the document of synthetic catalogs of 250 and
// 10k codes, reporting throughput in catalog bytes.
func BenchmarkOpenAPI(b *testing.B) {
	for _, n := range []int{250, 10000} {
		src := synth.Catalog(n)
		c, diags := catalog.Parse("errors.toml", src)
		if c == nil {
			b.Fatal(diags)
		}
		for _, f := range formats {
			b.Run(fmt.Sprintf("%d/%s", n, f.name), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for range b.N {
					if _, err := openapi.OpenAPI(c, openapi.Options{Format: f.format, Source: "errors.toml"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
