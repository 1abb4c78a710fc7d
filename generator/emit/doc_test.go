package emit

import "testing"

func TestDocComment(t *testing.T) {
	const use = "is the Thing schema of the API."
	tests := []struct{ name, doc, want string }{
		{"X", "", "X " + use},
		{"GetBot", "Returns the bot.", "GetBot returns the bot."},
		{"GetBot", "returns the bot.", "GetBot returns the bot."},
		{"ListBots", "Lists the bots of the workspace.", "ListBots lists the bots of the workspace."},
		{"Conversation", "A conversation between users.", "Conversation " + use + " A conversation between users."},
		{"CancelScheduledEventOutput", "The scheduled event was canceled.", "CancelScheduledEventOutput " + use + " The scheduled event was canceled."},
		{"Input", "holds the parameters.", "Input holds the parameters."},
		{"Thing", "Thing is described here.", "Thing is described here."},
		// Descriptions that no rule reads with certainty stay as written,
		// after a clause that always reads right.
		{"CreatePet", "Create a pet.", "CreatePet " + use + " Create a pet."},
		{"CancelScheduledEvent", "Prevents a scheduled event from firing.", "CancelScheduledEvent " + use + " Prevents a scheduled event from firing."},
		{"TableSchemaType", "Always `object`.", "TableSchemaType " + use + " Always `object`."},
		{"ActivityCategory", "Kind of activity.", "ActivityCategory " + use + " Kind of activity."},
		{"Link", "URL of the page.", "Link " + use + " URL of the page."},
		{"GetAnswer", "The answer.", "GetAnswer " + use + " The answer."},
		{"Kind", "kind of thing", "Kind " + use + " kind of thing"},
	}
	for _, tt := range tests {
		if got := docComment(tt.name, tt.doc, use); got != tt.want {
			t.Errorf("docComment(%q, %q) = %q, want %q", tt.name, tt.doc, got, tt.want)
		}
	}
}
