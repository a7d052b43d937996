package console

import (
	"net/http"
)

// confirmData is the confirm step of a destructive action: the question,
// what will be lost, the button and where Cancel goes.
type confirmData struct {
	Title, Question, Button, Action, Back string
	Losses                                []string
}

// confirmed reports whether the POST carries the confirm step's answer
// (confirm=yes). Without it the confirm page is shown instead (a plain
// form posting to the same action: no script needed) and the action waits.
func (c *Console) confirmed(w http.ResponseWriter, r *http.Request, s *signedIn, d confirmData) bool {
	if r.PostFormValue("confirm") == "yes" {
		return true
	}
	d.Action = r.URL.Path
	if d.Button == "" {
		d.Button = "Delete"
	}
	c.render(w, r, http.StatusOK, "confirm", c.withSession(s, view{Title: d.Title, Data: d}))
	return false
}
