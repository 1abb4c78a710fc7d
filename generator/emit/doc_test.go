package emit

import "testing"

func TestDocComment(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"X", "", "X is generated from the API description."},
		{"GetBot", "Returns the bot.", "GetBot returns the bot."},
		{"ListBots", "Lists the bots of the workspace.", "ListBots lists the bots of the workspace."},
		{"Conversation", "A conversation between users.", "Conversation is a conversation between users."},
		{"ActivityCategory", "Kind of activity.", "ActivityCategory is the kind of activity."},
		{"BotUser", "Settings for users of the bot.", "BotUser holds the settings for users of the bot."},
		{"EventStatus", "Status of the event.", "EventStatus is the status of the event."},
		{"BotIntegrationsValue", "One integration installed in the bot.", "BotIntegrationsValue is one integration installed in the bot."},
		{"Link", "URL of the page.", "Link: URL of the page."},
		{"Input", "holds the parameters.", "Input holds the parameters."},
		{"Thing", "Thing is described here.", "Thing is described here."},
		{"Payload", "JSON payload.", "Payload: JSON payload."},
		{"Ping", "Ping.", "Ping is the ping."},
	}
	for _, tt := range tests {
		if got := docComment(tt.name, tt.doc); got != tt.want {
			t.Errorf("docComment(%q, %q) = %q, want %q", tt.name, tt.doc, got, tt.want)
		}
	}
}
