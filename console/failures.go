package console

import (
	"encoding/json"
	"net/http"

	"passwordless/diagnostics"
)

// reportFailure is where the console's pages report a failed passkey
// ceremony (console.js, with the page's CSRF token: the pre-sign-in one on
// the setup, sign-in and invitation pages, the session's on the profile).
// The failure goes to the diagnostics service in-process as a report of
// the console's own application, and the answer is its advice: the human
// sentence of its classification, which the page shows.
func (c *Console) reportFailure(w http.ResponseWriter, r *http.Request) {
	kind, cookie := "pre", c.cookie(r, preCookie)
	if s, err := c.current(r); err == nil && s != nil && !c.csrfValid(kind, cookie, r.Header.Get("X-CSRF-Token")) {
		kind, cookie = "session", s.token
	}
	if !c.jsonCall(w, r, kind, cookie) {
		return
	}
	var in struct {
		Ceremony  string         `json:"ceremony"`
		Session   string         `json:"session"`
		ElapsedMs int64          `json:"elapsedMs"`
		Error     map[string]any `json:"error"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || c.o.Diagnostics == nil {
		writeJSON(w, http.StatusOK, map[string]string{})
		return
	}
	cl, err := c.o.Diagnostics.Report(r.Context(), c.appID, diagnostics.Input{Ceremony: in.Ceremony,
		Platform: string(diagnostics.Web), Session: in.Session, ElapsedMs: in.ElapsedMs, Error: in.Error})
	if err != nil {
		c.jsonError(w, r, err)
		return
	}
	advice := cl.Detail
	if advice == "" {
		advice = cl.Title
	}
	writeJSON(w, http.StatusOK, map[string]string{"advice": advice, "errorCode": string(cl.ErrorCode)})
}
