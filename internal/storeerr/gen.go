// Package storeerr is the generated package of the store API catalog
// (testdata/catalogs/store), whose errors are RFC 9457 problem details
// (format = "problem"). It is committed so that its tests can check the
// bodies generated code writes against an independent problem details
// library (github.com/moogar0880/problems) over real HTTP; a test in
// cmd/errcat fails when it is stale.
package storeerr

//go:generate go run ../../cmd/errcat generate -go errors_gen.go -md ERRORS.md ../../testdata/catalogs/store/errors.toml
