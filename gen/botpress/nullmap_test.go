package botpress_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
)

// updateBotRecorder is a Server that keeps the UpdateBot input it was given.
type updateBotRecorder struct {
	botpress.UnimplementedServer
	got *botpress.UpdateBotInput
}

func (r *updateBotRecorder) UpdateBot(_ context.Context, in *botpress.UpdateBotInput) (*botpress.UpdateBotOutput, error) {
	r.got = in
	return &botpress.UpdateBotOutput{Bot: botpress.Bot{ID: in.ID}}, nil
}

// TestNullMapValues checks the PATCH convention of map values end to end: a
// nil value is sent as null (remove the key), a pointer as the value, and
// the server hands both to the implementation as they were sent, a present
// key with a nil value telling null from a key that was not sent.
func TestNullMapValues(t *testing.T) {
	rec := &updateBotRecorder{}
	srv := httptest.NewServer(botpress.NewHandler(rec))
	defer srv.Close()
	c := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("t"))
	in := &botpress.UpdateBotInput{ID: "bot_1", Integrations: map[string]*botpress.UpdateBotInputIntegration{
		"gone": nil,
		"kept": {Enabled: botpress.Ptr(true)},
	}}
	if _, err := c.UpdateBot(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	got := rec.got.Integrations
	if v, ok := got["gone"]; !ok || v != nil {
		t.Errorf(`integrations["gone"] = %v, %v; want nil, true (sent as null)`, v, ok)
	}
	if v := got["kept"]; v == nil || v.Enabled == nil || !*v.Enabled {
		t.Errorf(`integrations["kept"] = %+v; want enabled`, v)
	}
	if _, ok := got["never"]; ok || len(got) != 2 {
		t.Errorf("integrations has %d keys; want the 2 sent", len(got))
	}
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"integrations":{"gone":null,"kept":{"enabled":true}}}`; string(body) != want {
		t.Errorf("body = %s; want %s", body, want)
	}
}
