package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/errcat/errcat/internal/synth"
)

// BenchmarkGenerate runs errcat generate in process on synthetic catalogs;
// scripts/bench measures the whole process beside its floor.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{250, 10000} {
		dir := b.TempDir()
		cat := filepath.Join(dir, "errors.toml")
		if err := os.WriteFile(cat, synth.Catalog(n), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				os.Remove(filepath.Join(dir, "errors_gen.go"))
				os.Remove(filepath.Join(dir, "ERRORS.md"))
				if err := run(context.Background(), []string{"generate", "-package", "synth", cat}, nil, io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
