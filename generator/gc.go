package generator

import (
	"os"
	"runtime/debug"
)

// The collector settings cmd/bpgen runs with, unless the user set GOGC or
// GOMEMLIMIT. A generation allocates about three times what it keeps (parse
// trees, rendered and formatted source), so the default GOGC=100 spends a
// fifth of the process's CPU collecting. GOGC=400 under a 900 MiB soft limit
// keeps the 2.6 MB synthetic document of the scale test under 1 GiB resident
// (734 MB, against 759 MB at GOGC=200, which collected more often below the
// limit: 3.54 s of wall time against 3.16 s). A library does not change them
// for its caller: Generate runs with whatever the process has.
const (
	CLIGCPercent   = 400
	CLIMemoryLimit = 900 << 20
)

// TuneGC applies CLIGCPercent and CLIMemoryLimit to the process, each unless
// its environment variable is set. It is for programs whose main job is to
// generate, as cmd/bpgen.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(CLIGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(CLIMemoryLimit)
	}
}
