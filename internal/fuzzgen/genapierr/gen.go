// Package genapierr is the generated package of the generation API seed
// catalog (testdata/catalogs/genapi), whose envelope nests the error under
// "error" beside fixed members. It is committed so that its fuzz tests can
// feed arbitrary bodies and responses to generated code; a test in
// cmd/errcat fails when it is stale.
package genapierr

//go:generate go run ../../../cmd/errcat generate -go errors_gen.go -md ERRORS.md ../../../testdata/catalogs/genapi/errors.toml
