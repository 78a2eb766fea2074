package golang

import "testing"

func BenchmarkZZGo(b *testing.B) {
	c, _ := synthCatalog(b, 250)
	b.ReportAllocs()
	for range b.N {
		Go(c, Options{Package: "synth", Source: "errors.toml"})
	}
}
