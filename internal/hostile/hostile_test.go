package hostile

import (
	"bytes"
	"testing"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

// TestSizes checks that the inputs of the table have its sizes,
// and that every builder is deterministic.
func TestSizes(t *testing.T) {
	tests := []struct {
		name     string
		build    func() []byte
		min, max int // bytes
	}{
		{"nested arrays 20k", func() []byte { return NestedArrays(20_000) }, 40_000, 41_000},
		{"nested inline tables 10k", func() []byte { return NestedInlineTables(10_000) }, 40_000, 41_000},
		{"3M open brackets", func() []byte { return OpenBrackets(3_000_000) }, 6_000_000, 6_000_010},
		{"500 unknown 200-byte categories", func() []byte { return UnknownCategories(500, 1000, 200) }, 300_000, 350_000},
		{"message with 20k placeholders", func() []byte { return Placeholders(20_000, 20_000) }, 140_000, 170_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.build()
			if len(b) < tt.min || len(b) > tt.max {
				t.Errorf("%d bytes, want %d to %d", len(b), tt.min, tt.max)
			}
			if !bytes.Equal(b, tt.build()) {
				t.Error("not deterministic")
			}
		})
	}
}
