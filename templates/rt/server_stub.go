package rt

// This file stands in for serverOps, which bpgen generates with one method per
// operation, so that the runtime compiles and is tested on its own. It is never
// emitted.

// serverOps is the receiver of the generated serve methods.
type serverOps struct{}
