package api_test

import (
	"net/http"
	"sync"
	"testing"

	"passwordless/api/apitest"
	"passwordless/passkeys/passkeystest"
)

// TestMaxUsers_ConcurrentCompletesStopAtTheLimit is issue 16 repro 6:
// maxUsers was checked only at /register/token, so tokens minted before
// the limit, completed together, made 8 users with maxUsers = 3. The cap
// is now enforced where the credential is stored, in its transaction: 16
// concurrent completes for 16 new users make exactly 3.
func TestMaxUsers_ConcurrentCompletesStopAtTheLimit(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		b := newBrowser(t, h, "capped")
		type pending struct {
			session string
			att     *passkeystest.AttestationResponse
		}
		var all []pending
		for i := range 16 {
			user := "racer-" + string(rune('a'+i))
			bg := b.beginRegistration(t, b.registerToken(t, map[string]any{"userId": user, "username": user}))
			_, att := b.create(t, bg)
			all = append(all, pending{bg.Session, att})
		}
		h.SetFeatures(t, "capped", map[string]any{"maxUsers": 3})
		statuses := make([]int, len(all))
		var wg sync.WaitGroup
		for i, p := range all {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp := b.completeRegistration(t, p.session, p.att, nil)
				statuses[i] = resp.Status
				if resp.Status != http.StatusOK && resp.Code() != "max_users_exceeded" {
					t.Errorf("complete: %d %s, want 200 or max_users_exceeded", resp.Status, resp.Body)
				}
			}()
		}
		wg.Wait()
		ok := 0
		for _, s := range statuses {
			if s == http.StatusOK {
				ok++
			}
		}
		var count struct{ Count int }
		h.Do(t, http.MethodGet, "/users/count", b.app.Secret(), nil).JSON(t, &count)
		if ok != 3 || count.Count != 3 {
			t.Errorf("%d completes succeeded and %d users exist, want exactly 3", ok, count.Count)
		}
	})
}
