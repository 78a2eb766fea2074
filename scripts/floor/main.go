// Command floor is the baseline errcat generate is measured against: it
// reads a catalog, decodes it with BurntSushi/toml, and writes the bytes it
// read to a file. Usage: floor CATALOG OUT
package main

import (
	"fmt"
	"os"

	"github.com/BurntSushi/toml"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor CATALOG OUT")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err == nil {
		var doc map[string]any
		_, err = toml.Decode(string(src), &doc)
	}
	if err == nil {
		err = os.WriteFile(os.Args[2], src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
