package emit

import (
	"sync/atomic"
	"time"
)

// Stats adds up where emit's time goes. Files render in parallel, so each
// counter is the sum over files of the time each step took (about its CPU
// time on an idle machine), not wall time.
type Stats struct {
	steps [3]atomic.Int64 // nanoseconds, by step
}

type step int

const (
	stepBuild  step = iota // the emitters describe a file with jennifer
	stepRender             // jennifer writes the description as Go source
	stepFormat             // go/format lays the source out as gofmt does
)

// Build is the time the emitters took to describe the files with jennifer.
func (s *Stats) Build() time.Duration { return s.total(stepBuild) }

// Render is the time jennifer took to write those descriptions as Go source.
func (s *Stats) Render() time.Duration { return s.total(stepRender) }

// Format is the time go/format took to lay the source out as gofmt does.
func (s *Stats) Format() time.Duration { return s.total(stepFormat) }

func (s *Stats) total(st step) time.Duration { return time.Duration(s.steps[st].Load()) }

// since adds the time since start to step st, when there are stats to keep,
// and returns the current time, where the next step starts.
func (s *Stats) since(st step, start time.Time) time.Time {
	now := time.Now()
	if s != nil {
		s.steps[st].Add(int64(now.Sub(start)))
	}
	return now
}
