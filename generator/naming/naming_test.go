package naming

import "testing"

func TestExported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"userId", "UserID"},
		{"participantIds", "ParticipantIDs"},
		{"iconUrl", "IconURL"},
		{"webhookUrl", "WebhookURL"},
		{"getPublicIntegrationById", "GetPublicIntegrationByID"},
		{"x-bot-id", "XBotID"},
		{"HTTPServer", "HTTPServer"},
		{"JSONData", "JSONData"},
		{"api_key", "APIKey"},
		{"$schema", "Schema"},
		{"x-zui", "XZui"},
		{"bi-weekly", "BiWeekly"},
		{"upload_pending", "UploadPending"},
		{"2fa", "X2fa"},
		{"123", "X123"},
		{"utf8", "UTF8"},
		{"v2", "V2"},
		{"name/version", "NameVersion"},
		{"a.b", "AB"},
		{"type", "Type"},
		{"", "Fallback"},
		{"$$$", "Fallback"},
		{"Ünïcode", "Ünïcode"},
	}
	for _, tt := range tests {
		if got := Exported(tt.in, "Fallback"); got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnexported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"userId", "userID"},
		{"id", "id"},
		{"URL", "url"},
		{"apiKey", "apiKey"},
		{"type", "type_"},
		{"func", "func_"},
		{"string", "string_"},
		{"len", "len_"},
		{"bot-id", "botID"},
		{"2fa", "x2fa"},
	}
	for _, tt := range tests {
		if got := Unexported(tt.in, "fallback"); got != tt.want {
			t.Errorf("Unexported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScopeCollisions(t *testing.T) {
	s := NewScope("Client")
	got := []string{s.Claim("Client"), s.Claim("User"), s.Claim("User"), s.Claim("User2"), s.Claim("User")}
	want := []string{"Client2", "User", "User2", "User22", "User3"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("claim %d = %q, want %q (all: %v)", i, got[i], want[i], got)
		}
	}
}

// TestScopeStable checks that the names a scope hands out depend only on
// the order of claims, so a sorted claim order gives the same names on
// every run.
func TestScopeStable(t *testing.T) {
	claims := []string{"A", "B", "A", "C", "B"}
	first := NewScope()
	second := NewScope()
	for _, c := range claims {
		if a, b := first.Claim(c), second.Claim(c); a != b {
			t.Fatalf("Claim(%q) gave %q then %q", c, a, b)
		}
	}
}

func TestSingular(t *testing.T) {
	tests := []struct{ in, want string }{
		{"records", "Record"},
		{"accessPolicies", "AccessPolicy"},
		{"participantIds", "ParticipantID"},
		{"iconUrls", "IconURL"},
		{"medias", "Media"},
		{"items", "Item"},
		{"addresses", "Address"},
		{"matches", "Match"},
		{"boxes", "Box"},
		{"statuses", "Status"},
		{"caches", "Cache"},
		{"children", "Child"},
		{"line_items", "LineItem"},
		{"ALIASES", "Alias"},
		{"data", ""},
		{"status", ""},
		{"access", ""},
		{"analysis", ""},
		{"series", ""},
		{"news", ""},
		{"context", ""},
		{"", ""},
	}
	for _, tt := range tests {
		s, ok := Singular(tt.in)
		got := ""
		if ok {
			got = Exported(s, "Fallback")
		}
		if got != tt.want {
			t.Errorf("Singular(%q) = %q (%v), want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestMemo checks that Memo answers as Exported does, each argument pair on
// its own (the fallback is part of the answer).
func TestMemo(t *testing.T) {
	var m Memo
	for _, c := range [][2]string{{"user_id", "Field"}, {"", "Field"}, {"", "Param"}, {"user_id", "Param"}, {"2fa", "X"}, {"", "Field"}} {
		if got, want := m.Exported(c[0], c[1]), Exported(c[0], c[1]); got != want {
			t.Errorf("Memo.Exported(%q, %q) = %q, want %q", c[0], c[1], got, want)
		}
	}
	for _, w := range []string{"records", "data", "records", "accessPolicies", "data"} {
		got, gotOK := m.Singular(w)
		want, wantOK := Singular(w)
		if got != want || gotOK != wantOK {
			t.Errorf("Memo.Singular(%q) = %q, %v, want %q, %v", w, got, gotOK, want, wantOK)
		}
	}
}
