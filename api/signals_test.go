package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

func TestSignals_DeletedPasskeyYieldsSignalUnknownCredential(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "signals")
	_, cred := b.register(t, "user-1", nil)
	must(t, h, http.StatusNoContent, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": cred.IDString()})
	p := wantProblem(t, b.signin(t, map[string]any{"userId": "user-1"}), 400, "unknown_credential")
	signal, _ := p["signal"].(map[string]any)
	options, _ := signal["options"].(map[string]any)
	if signal["method"] != "signalUnknownCredential" || options["rpId"] != testRPID || options["credentialId"] != cred.IDString() {
		t.Errorf("signal = %v, want signalUnknownCredential of %s on %s", p["signal"], cred.IDString(), testRPID)
	}
}

func TestSignals_AllAcceptedCredentialsAndUserDetailsPerUser(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "signals")
	other := h.CreateApp(t, "other", nil)
	_, first := b.register(t, "alice", nil)
	b.auth = passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
	_, second := b.register(t, "alice", nil)

	type signal struct {
		Method  string `json:"method"`
		Options struct {
			RPID        string   `json:"rpId"`
			UserID      string   `json:"userId"`
			IDs         []string `json:"allAcceptedCredentialIds"`
			Name        string   `json:"name"`
			DisplayName string   `json:"displayName"`
		} `json:"options"`
	}
	var out struct{ Signals []signal }
	must(t, h, http.StatusOK, http.MethodPost, "/credentials/signals", b.app.Secret(),
		map[string]any{"userId": "alice", "name": "alice@example.com"}).JSON(t, &out)
	if len(out.Signals) != 2 {
		t.Fatalf("signals = %+v", out.Signals)
	}
	all, details := out.Signals[0], out.Signals[1]
	ids := map[string]bool{}
	for _, id := range all.Options.IDs {
		ids[id] = true
	}
	if all.Method != "signalAllAcceptedCredentials" || all.Options.RPID != testRPID || len(ids) != 2 ||
		!ids[first.IDString()] || !ids[second.IDString()] || all.Options.UserID == "" {
		t.Errorf("all accepted = %+v", all)
	}
	if details.Method != "signalCurrentUserDetails" || details.Options.Name != "alice@example.com" ||
		details.Options.DisplayName != "alice@example.com" || details.Options.UserID != all.Options.UserID {
		t.Errorf("user details = %+v", details)
	}
	// Without a name, no user details; another tenant, or a user without passkeys, gets nothing.
	must(t, h, http.StatusOK, http.MethodPost, "/credentials/signals", b.app.Secret(), map[string]any{"userId": "alice"}).JSON(t, &out)
	if len(out.Signals) != 1 {
		t.Errorf("without name: %+v", out.Signals)
	}
	must(t, h, http.StatusOK, http.MethodPost, "/credentials/signals", other.Secret(), map[string]any{"userId": "alice"}).JSON(t, &out)
	if len(out.Signals) != 0 {
		t.Errorf("other tenant: %+v", out.Signals)
	}
	if resp := h.Do(t, http.MethodPost, "/credentials/signals", b.app.Secret(), map[string]any{}); resp.Code() != "missing_userid" {
		t.Errorf("no userId: %d %s", resp.Status, resp.Body)
	}
}
