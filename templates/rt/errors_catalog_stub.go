package rt

// This file stands in for declarations bpgen generates from the API
// description (x-bpgen.errors), so that the runtime compiles and is tested on
// its own. It is never emitted; its values are the documented defaults.

// errorEnvelope names the properties of the API's error envelope.
var errorEnvelope = errorEnvelopeShape{
	ID: []string{"id"}, Status: []string{"status"}, Type: []string{"type"},
	Message: []string{"message"}, Details: []string{"details"},
}

// errorIDFormat is the format of the ids of errors a server creates.
var errorIDFormat = errorIDShape{Random: 16}
