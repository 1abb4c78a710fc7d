package generator_test

import (
	"context"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/load"
)

// BenchmarkGenerate measures generating the Botpress SDK in memory against a
// baseline of only loading and validating the spec with kin-openapi, in the
// same run: the ratio is what bpgen's own stages (model, emit, gofmt) cost.
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	const spec = "../spec/botpress.yaml"
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
		for b.Loop() {
			if _, _, _, err := generator.Generate(ctx, generator.Config{Spec: spec, Package: "botpress"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
