package generator_test

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/internal/fastfmt"
	"github.com/bpgen/bpgen/generator/load"
)

// BenchmarkGenerate measures generating the Botpress SDK in memory against a
// baseline of only loading and validating the spec with kin-openapi, in the
// same run: the ratio is what bpgen's own stages (model, emit, gofmt) cost.
func BenchmarkGenerate(b *testing.B) {
	benchLoadVsGenerate(b, "../spec/botpress.yaml", "botpress")
}

// benchLoadVsGenerate runs the load-only baseline and the full generation of
// spec as sub-benchmarks of one run, twice: with the collector as the
// process has it (GOGC=100 unless set), which is what a program calling
// Generate gets, and under the settings cmd/bpgen runs with
// (generator.TuneGC), suffixed "-cli-gc". Each generation reports its ratios
// to the baseline measured just before under the same settings: x-load in
// wall time, cpu-x-load in CPU time of the process (GC and every goroutine
// included; steadier than wall time on a busy machine), and peak-heap-MB,
// the most heap a generation held.
func benchLoadVsGenerate(b *testing.B, spec, pkg string) {
	// Measure the formatter users run, not the tests' double check of it.
	fastfmt.Verify = false
	defer func() { fastfmt.Verify = true }()
	benchPair(b, spec, pkg, "")
	gc, limit := debug.SetGCPercent(generator.CLIGCPercent), debug.SetMemoryLimit(generator.CLIMemoryLimit)
	defer func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) }()
	benchPair(b, spec, pkg, "-cli-gc")
}

// benchPair runs the baseline and the generation, their names suffixed.
func benchPair(b *testing.B, spec, pkg, suffix string) {
	ctx := context.Background()
	var base cost
	b.Run("load-baseline"+suffix, func(b *testing.B) {
		b.ReportAllocs()
		start := now()
		for b.Loop() {
			if _, err := load.Load(ctx, spec); err != nil {
				b.Fatal(err)
			}
		}
		base = now().sub(start).per(b.N)
		b.ReportMetric(base.cpu.Seconds()*1e3, "cpu-ms/op")
	})
	b.Run("generate"+suffix, func(b *testing.B) {
		b.ReportAllocs()
		peak := sampleHeap()
		var stages stageSums
		start := now()
		for b.Loop() {
			t := new(generator.Timings)
			if _, _, _, err := generator.Generate(ctx, generator.Config{Spec: spec, Package: pkg, Timings: t}); err != nil {
				b.Fatal(err)
			}
			stages.add(t)
		}
		c := now().sub(start).per(b.N)
		stages.report(b)
		b.ReportMetric(c.cpu.Seconds()*1e3, "cpu-ms/op")
		b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		if base.wall > 0 {
			b.ReportMetric(float64(c.wall)/float64(base.wall), "x-load")
			b.ReportMetric(float64(c.cpu)/float64(base.cpu), "cpu-x-load")
		}
	})
}

// stageSums adds up the stages of generations, to report where the time went:
// the wall time of load (decode), model and emit, of the validation that
// runs beside emit, and within emit the gofmt step summed over the files
// formatted in parallel (about its CPU time).
type stageSums struct {
	n                                   int
	load, model, emit, validate, format time.Duration
}

func (s *stageSums) add(t *generator.Timings) {
	s.n++
	s.load += t.Load
	s.model += t.Model
	s.emit += t.Emit
	s.validate += t.Validate
	s.format += t.Emitted.Format()
}

func (s *stageSums) report(b *testing.B) {
	if s.n == 0 {
		return
	}
	for _, m := range []struct {
		d    time.Duration
		unit string
	}{{s.load, "load-ms/op"}, {s.model, "model-ms/op"}, {s.emit, "emit-ms/op"}, {s.validate, "validate-ms/op"}, {s.format, "gofmt-ms/op"}} {
		b.ReportMetric(m.d.Seconds()*1e3/float64(s.n), m.unit)
	}
}

// TestTimings checks that a generation reports each stage's time.
func TestTimings(t *testing.T) {
	tm := new(generator.Timings)
	if _, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: "../spec/botpress.yaml", Package: "botpress", Timings: tm}); err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]time.Duration{"load": tm.Load, "model": tm.Model, "emit": tm.Emit, "validate": tm.Validate,
		"build": tm.Emitted.Build(), "render": tm.Emitted.Render(), "gofmt": tm.Emitted.Format()} {
		if d <= 0 {
			t.Errorf("%s took %v", name, d)
		}
	}
}

// cost is wall and process CPU time.
type cost struct{ wall, cpu time.Duration }

func now() cost {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return cost{wall: time.Duration(time.Now().UnixNano()), cpu: cpu}
}

func (c cost) sub(d cost) cost { return cost{c.wall - d.wall, c.cpu - d.cpu} }

func (c cost) per(n int) cost {
	return cost{c.wall / time.Duration(n), c.cpu / time.Duration(n)}
}

// sampleHeap samples the bytes of heap objects every millisecond until the
// returned function is called, which reports the largest sample.
func sampleHeap() (peak func() uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var (
		mu   sync.Mutex
		most uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			most = max(most, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return most
	}
}
