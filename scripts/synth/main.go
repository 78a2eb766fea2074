// Command synth writes a synthetic errcat catalog with N codes, for
// benchmarks: go run ./scripts/synth -n 10000 > errors.toml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/errcat/errcat/internal/synth"
)

func main() {
	n := flag.Int("n", 250, "number of codes")
	flag.Parse()
	if _, err := os.Stdout.Write(synth.Catalog(*n)); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
