package openapi_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/testcat"
)

// FuzzOpenAPI generates both encodings of the document of every catalog
// the fuzzer finds valid and checks, by parsing each back, that catalog
// text cannot break it (see checkDocument), and that a YAML 1.1 reader
// reads the YAML one as a YAML 1.2 reader does (see checkYAML11).
func FuzzOpenAPI(f *testing.F) {
	for _, pattern := range []string{"catalogs/*/errors.toml", "warn/*.toml", "diff/*/new.toml", "openapi/*/*.toml"} {
		files, _ := filepath.Glob(testcat.Testdata(pattern))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte(trapCatalog))
	f.Add([]byte(yaml11Catalog))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, _ := generator.Parse("errors.toml", src)
		if c == nil {
			return
		}
		for _, format := range formats {
			doc, err := openapi.OpenAPI(c, openapi.Options{Format: format.format, Source: "errors.toml"})
			if err != nil {
				t.Fatalf("%s: %v", format.name, err)
			}
			checkDocument(t, c, doc)
			if format.format == openapi.YAML {
				checkYAML11(t, doc)
			}
		}
	})
}
