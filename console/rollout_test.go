package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

const macSafariUA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"

// decision asks POST /passkeys/decision, through the real router, what a
// Safari on macOS with a platform authenticator is offered.
func decision(t *testing.T, h *apitest.Harness, publicKey string) (offer, reason string) {
	t.Helper()
	resp := h.Do(t, http.MethodPost, "/passkeys/decision", apitest.H{"ApiKey": publicKey, "User-Agent": macSafariUA},
		map[string]any{"ceremony": "signin", "capabilities": map[string]any{"passkeyPlatformAuthenticator": true, "conditionalGet": true}})
	var out struct{ Offer, Reason string }
	if resp.Status != http.StatusOK || json.Unmarshal([]byte(resp.Body), &out) != nil {
		t.Fatalf("decision: %d %s", resp.Status, resp.Body)
	}
	return out.Offer, out.Reason
}

// The settings page's "Passkey rollout" form sets the decision's rules
// through the tenants service as POST /apps/features does: the kill switch
// saved in the console makes POST /passkeys/decision answer fallback, the
// change is audited with the admin as the actor, and it is undone the
// same way.
func TestRollout_KillSwitchFromTheConsoleSendsEveryoneToTheFallback(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	key := codes(b.createApp(t, "rolled"))["api-key-1"]
	if offer, _ := decision(t, h, key); offer == "fallback" {
		t.Fatalf("before any rule: %s", offer)
	}
	settings := b.get(t, "/console/apps/rolled/settings")
	if !strings.Contains(settings.Body, `id="rollout-form"`) || !strings.Contains(settings.Body, `id="browser-safari" checked`) {
		t.Fatalf("settings page lacks the rollout form")
	}
	csrf := csrfOf(t, settings)
	all := url.Values{"killSwitch": {"on"}}
	for _, f := range []string{"platform-macos", "platform-windows", "browser-safari", "browser-chrome"} {
		all.Set(f, "on")
	}
	save := b.post(t, "/console/apps/rolled/settings/rollout", csrf, all)
	wantRedirect(t, "save", save, http.StatusSeeOther, "/console/apps/rolled/settings")
	if p := b.get(t, "/console/apps/rolled/settings?done=saved"); !strings.Contains(p.Body, "Saved.") || !strings.Contains(p.Body, `id="killSwitch" checked`) {
		t.Errorf("after saving: no \"Saved.\" or the kill switch is not shown on")
	}
	if offer, reason := decision(t, h, key); offer != "fallback" || reason != "kill_switch" {
		t.Errorf("kill switch on: %s / %s, want fallback / kill_switch", offer, reason)
	}
	if log := b.get(t, "/console/apps/rolled/events").Body; !strings.Contains(log, "The passkey kill switch was turned on") || !strings.Contains(log, "owner@acme.test") {
		t.Errorf("the change is not in the event log with the admin as actor")
	}

	t.Run("a switched-off browser gets the fallback", func(t *testing.T) {
		off := url.Values{"platform-macos": {"on"}}
		if p := b.post(t, "/console/apps/rolled/settings/rollout", csrf, off); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", p.Status)
		}
		if offer, reason := decision(t, h, key); offer != "fallback" || reason != "browser_off" {
			t.Errorf("safari off: %s / %s, want fallback / browser_off", offer, reason)
		}
	})
	t.Run("a bad percentage is refused and nothing changes", func(t *testing.T) {
		p := b.post(t, "/console/apps/rolled/settings/rollout", csrf, url.Values{"percentage": {"101"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "between 0 and 100") {
			t.Errorf("percentage 101: %d", p.Status)
		}
	})
	t.Run("the suppression days round-trip and are audited", func(t *testing.T) {
		set := url.Values{"suppressDays": {"14"}, "platform-macos": {"on"}, "browser-safari": {"on"}}
		if p := b.post(t, "/console/apps/rolled/settings/rollout", csrf, set); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", p.Status)
		}
		if p := b.get(t, "/console/apps/rolled/settings"); !strings.Contains(p.Body, `name="suppressDays" type="number" min="1" max="365" value="14"`) {
			t.Errorf("the saved suppression days are not shown")
		}
		if log := b.get(t, "/console/apps/rolled/events").Body; !strings.Contains(log, "suppressDays&#34;:14") && !strings.Contains(log, `suppressDays":14`) {
			t.Errorf("the suppression days change is not in the event log")
		}
		p := b.post(t, "/console/apps/rolled/settings/rollout", csrf, url.Values{"suppressDays": {"0"}})
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "between 1 and 365") {
			t.Errorf("suppressDays 0: %d, want 400 between 1 and 365", p.Status)
		}
	})
	t.Run("without the CSRF token", func(t *testing.T) {
		if p := b.post(t, "/console/apps/rolled/settings/rollout", "", url.Values{}); p.Status != http.StatusForbidden {
			t.Errorf("%d, want 403", p.Status)
		}
	})
	t.Run("another organization's admin", func(t *testing.T) {
		other := owner(t, h, "Other", "owner@other.test")
		oc := csrfOf(t, other.get(t, "/console/profile"))
		if p := other.post(t, "/console/apps/rolled/settings/rollout", oc, url.Values{}); p.Status != http.StatusNotFound {
			t.Errorf("%d, want 404", p.Status)
		}
	})
	t.Run("everyone again", func(t *testing.T) {
		on := url.Values{}
		for _, f := range []string{"platform-macos", "browser-safari"} {
			on.Set(f, "on")
		}
		if p := b.post(t, "/console/apps/rolled/settings/rollout", csrf, on); p.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", p.Status)
		}
		if offer, _ := decision(t, h, key); offer == "fallback" {
			t.Errorf("rules lifted: still fallback")
		}
	})
}
