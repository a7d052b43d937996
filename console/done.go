package console

import (
	"net/http"
	"strings"
)

// results are the sentences an action may end with, by the code of the
// redirect's ?done= (a fixed list: a link cannot make the page say
// anything else).
var results = map[string]string{
	"saved":           "Saved.",
	"key-locked":      "Key locked.",
	"key-unlocked":    "Key unlocked.",
	"key-deleted":     "Key deleted.",
	"user-deleted":    "User deleted.",
	"passkey-deleted": "Passkey deleted.",
	"admin-removed":   "Admin removed.",
	"invite-revoked":  "Invitation revoked.",
	"purpose-deleted": "Purpose deleted.",
	"entry-removed":   "Removed from the list.",
	"signed-out":      "Signed out.",
	"deleted":         "Deleted.",
	"signed-up":       "Your organization is created and you are signed in. Add a passkey: it is how you sign in from now on.",
}

// done ends an action with a redirect to to whose page says what was
// done (?done=code, shown by the layout).
func done(w http.ResponseWriter, r *http.Request, to, code string) error {
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	http.Redirect(w, r, to+sep+"done="+code, http.StatusSeeOther)
	return nil
}

// resultOf is the sentence of the request's ?done= code ("" for none).
func resultOf(r *http.Request) string { return results[r.URL.Query().Get("done")] }
