// Package tryonerr is the generated package of the README's example
// catalog, with a code for each kind of retry policy (testdata/errors.toml).
// It is committed so that its tests can run generated code against real
// retry clients (go-retryablehttp, cenkalti/backoff) and real HTTP servers,
// and so that the README's client snippets are run as examples; a test in
// cmd/errcat fails when it is stale.
package tryonerr

//go:generate go run ../../cmd/errcat generate -go errors_gen.go -md ERRORS.md testdata/errors.toml
