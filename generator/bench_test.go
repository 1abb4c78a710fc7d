package generator_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/load"
)

// BenchmarkGenerate measures generating the Botpress SDK in memory against a
// baseline of only loading and validating the spec with kin-openapi, in the
// same run: the ratio is what bpgen's own stages (model, emit, gofmt) cost.
func BenchmarkGenerate(b *testing.B) {
	benchLoadVsGenerate(b, "../spec/botpress.yaml", "botpress")
}

// benchLoadVsGenerate runs the load-only baseline and the full generation of
// spec as sub-benchmarks of one run; peak-heap-MB is the largest heap a
// generation reached.
func benchLoadVsGenerate(b *testing.B, spec, pkg string) {
	ctx := context.Background()
	b.Run("load-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := load.Load(ctx, spec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generate", func(b *testing.B) {
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			if _, _, _, err := generator.Generate(ctx, generator.Config{Spec: spec, Package: pkg}); err != nil {
				b.Fatal(err)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapSys)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}
