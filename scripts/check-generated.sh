#!/usr/bin/env bash
# Generates the Go package of every catalog in testdata/catalogs into one
# temporary module (go 1.22, as an older consumer would have) and runs
# go vet and staticcheck on it, then builds and vets it with the Go 1.22
# toolchain itself (fetched through the module proxy). Needs staticcheck on
# PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'module errcatgenerated\n\ngo 1.22\n' > "$tmp/go.mod"
(cd "$root" && go build -o "$tmp/errcat" ./cmd/errcat)
for catalog in "$root"/testdata/catalogs/*/errors.toml; do
  name=$(basename "$(dirname "$catalog")")
  "$tmp/errcat" generate -package "${name}err" -go "$tmp/$name/errors_gen.go" -md "$tmp/$name/ERRORS.md" "$catalog" 2>/dev/null
done
rm "$tmp/errcat"
cd "$tmp"
go vet ./...
staticcheck -checks all,-ST1000 ./...
GOTOOLCHAIN=go1.22.12 go vet ./...
echo "generated packages of $(ls -d */ | wc -l) catalogs: go vet and staticcheck clean; build and vet with $(GOTOOLCHAIN=go1.22.12 go env GOVERSION)"
