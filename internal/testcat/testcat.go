// Package testcat finds and loads the catalogs under testdata for tests in
// any package.
package testcat

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/errcat/errcat/catalog"
)

// Seeds are the catalogs of the five seed APIs, the kitchen sink, which
// uses every key, and the store API, whose errors are RFC 9457 problem
// details (format = "problem").
var Seeds = []string{"tryon", "thumbnails", "alphavideo", "fashn", "genapi", "kitchensink", "store"}

// All adds the hostile-text catalog to Seeds: every catalog under
// testdata/catalogs.
var All = append(Seeds[:len(Seeds):len(Seeds)], "hostile")

// Root returns the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Testdata returns the path of elem under testdata.
func Testdata(elem ...string) string {
	return filepath.Join(append([]string{Root(), "testdata"}, elem...)...)
}

// Dir returns the directory of the named catalog.
func Dir(name string) string { return Testdata("catalogs", name) }

// Load loads the named catalog, failing the test when it does not
// validate.
func Load(t testing.TB, name string) *catalog.Catalog {
	t.Helper()
	c, diags, err := catalog.Load(filepath.Join(Dir(name), "errors.toml"))
	if err != nil || c == nil {
		t.Fatalf("load %s: %v\n%v", name, err, diags)
	}
	return c
}
