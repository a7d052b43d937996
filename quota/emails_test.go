package quota

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/problems"
)

const day = 24 * time.Hour

func codeOf(err error) problems.Code {
	var p *problems.Error
	if errors.As(err, &p) {
		return p.Code
	}
	return ""
}

// sendAll reserves and commits e-mails until the quota refuses one, and
// returns how many went out and the refusal.
func sendAll(t *testing.T, q *Emails, s Sender, to string, max int) (int, error) {
	t.Helper()
	for i := range max {
		r, err := q.Reserve(t.Context(), s, to)
		if err != nil {
			return i, err
		}
		if err := r.Commit(t.Context()); err != nil {
			t.Fatalf("Commit: %v", err)
		}
	}
	return max, nil
}

func TestEmails_NewAppAdminOnly(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		tests := []struct {
			name    string
			timeout time.Duration
			age     time.Duration
			to      string
			want    problems.Code
		}{
			{"new app to a stranger is refused", DefaultNewAppTimeout, time.Hour, "someone@example.com", problems.MagicLinkEmailAdminAddressOnly},
			{"new app to its admin is sent", DefaultNewAppTimeout, time.Hour, "admin@example.com", ""},
			{"admin match ignores case", DefaultNewAppTimeout, time.Hour, "Admin@Example.COM", ""},
			{"rule ends after the timeout", DefaultNewAppTimeout, DefaultNewAppTimeout, "someone@example.com", ""},
			{"configured timeout 37h still refuses at 36h", 37 * time.Hour, 36 * time.Hour, "someone@example.com", problems.MagicLinkEmailAdminAddressOnly},
			{"configured timeout 37h sends at 37.1h", 37 * time.Hour, 37*time.Hour + 6*time.Minute, "someone@example.com", ""},
			{"timeout zero has no admin-only period", 0, 0, "someone@example.com", ""},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clk := newClock()
				q := NewEmails(b, clk.Now, tt.timeout)
				s := Sender{Tenant: "app" + strconv.Itoa(i), CreatedAt: clk.Now().Add(-tt.age),
					AdminEmails: []string{"admin@example.com"}, MonthlyQuota: 100}
				_, err := q.Reserve(t.Context(), s, tt.to)
				if got := codeOf(err); got != tt.want {
					t.Errorf("Reserve(%q) at age %v = %v, want code %q", tt.to, tt.age, err, tt.want)
				}
			})
		}
	})
}

func TestEmails_NewAppRuleExpiresWithTime(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		s := Sender{Tenant: "expiry", CreatedAt: clk.Now(), AdminEmails: []string{"admin@example.com"}, MonthlyQuota: 100}
		if _, err := q.Reserve(t.Context(), s, "user@example.com"); codeOf(err) != problems.MagicLinkEmailAdminAddressOnly {
			t.Fatalf("day 0 to a stranger = %v, want admin-only", err)
		}
		clk.Advance(DefaultNewAppTimeout)
		if _, err := q.Reserve(t.Context(), s, "user@example.com"); err != nil {
			t.Errorf("after 24h to a stranger = %v, want sent", err)
		}
	})
}

func TestEmails_DayZeroGetsAFifthOfTheQuota(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		s := Sender{Tenant: "dayzero", CreatedAt: clk.Now(), AdminEmails: []string{"admin@example.com"}, MonthlyQuota: 12}
		sent, err := sendAll(t, q, s, "admin@example.com", 100)
		if want := 2; sent != want { // floor(12 × 0.2)
			t.Errorf("sent %d on day 0 with quota 12, want %d", sent, want)
		}
		if codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Errorf("refusal = %v, want magic_link_email_quota_exceeded", err)
		}
	})
}

func TestEmails_SlidingWindowRecovers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		s := Sender{Tenant: "sliding", CreatedAt: clk.Now().Add(-365 * day), MonthlyQuota: 5}
		sent, err := sendAll(t, q, s, "user@example.com", 100)
		if sent != 5 || codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Fatalf("sent %d then %v; want 5 then quota exceeded", sent, err)
		}
		var p *problems.Error
		errors.As(err, &p)
		if got := p.Header.Get("Retry-After"); got != strconv.Itoa(int(EmailWindow.Seconds())) {
			t.Errorf("Retry-After = %q, want the full window (all five sent just now)", got)
		}
		resets := clk.Now().Add(EmailWindow).UTC().Format(time.RFC3339)
		if p.Extensions["resetsAt"] != resets || p.Extensions["monthlyQuota"] != 5 || p.Extensions["effectiveQuota"] != int64(5) ||
			p.Detail != "All of the application's monthly e-mail quota of 5 magic links per 30 days are used; the next e-mail can be sent at "+resets+"." {
			t.Errorf("429 %q %v, want the quota of 5 named and reset at %s", p.Detail, p.Extensions, resets)
		}
		clk.Advance(29 * day)
		if _, err := q.Reserve(t.Context(), s, "user@example.com"); codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Errorf("after 29 days = %v, want still exceeded", err)
		}
		clk.Advance(2 * day)
		if _, err := q.Reserve(t.Context(), s, "user@example.com"); err != nil {
			t.Errorf("after 31 days = %v, want sent again", err)
		}
	})
}

func TestEmails_ConcurrentSendsNeverExceedTheQuota(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		s := Sender{Tenant: "concurrent", CreatedAt: clk.Now().Add(-365 * day), MonthlyQuota: 5}
		var sent, refused atomic.Int64
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				r, err := q.Reserve(t.Context(), s, "user@example.com")
				switch {
				case err == nil:
					sent.Add(1)
					_ = r.Commit(t.Context())
				case codeOf(err) == problems.MagicLinkEmailQuotaExceeded:
					refused.Add(1)
				default:
					t.Errorf("Reserve: %v", err)
				}
			})
		}
		wg.Wait()
		if sent.Load() != 5 || refused.Load() != 15 {
			t.Errorf("20 concurrent sends against 5: sent %d, refused %d; want 5 and 15", sent.Load(), refused.Load())
		}
	})
}

func TestEmails_FailedSendIsNotCounted(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		s := Sender{Tenant: "released", CreatedAt: clk.Now().Add(-365 * day), MonthlyQuota: 2}
		for range 3 {
			r, err := q.Reserve(t.Context(), s, "user@example.com")
			if err != nil {
				t.Fatalf("Reserve: %v", err)
			}
			if err := r.Release(t.Context()); err != nil {
				t.Fatalf("Release: %v", err)
			}
		}
		if sent, err := sendAll(t, q, s, "user@example.com", 10); sent != 2 {
			t.Errorf("after 3 failed sends: sent %d then %v, want the full quota of 2", sent, err)
		}
	})
}

func TestEffectiveQuota(t *testing.T) {
	tests := []struct {
		quota int
		age   time.Duration
		want  int64
	}{
		{100, 0, 20},
		{12, day - time.Second, 2},
		{12, day, 6},
		{12, 3*day - time.Second, 6},
		{12, 3 * day, 9},
		{1000, 30*day - time.Second, 750},
		{1000, 30 * day, 1000},
		{3, 0, 0},
		{0, 365 * day, 0},
		{-5, 365 * day, 0},
	}
	for _, tt := range tests {
		if got := EffectiveQuota(tt.quota, tt.age); got != tt.want {
			t.Errorf("EffectiveQuota(%d, %v) = %d, want %d", tt.quota, tt.age, got, tt.want)
		}
	}
}

// downBackend fails every call, as a Redis that does not answer.
type downBackend struct{ Backend }

func (downBackend) Reserve(context.Context, string, int64, time.Duration, time.Time) (Slot, error) {
	return Slot{}, errors.New("connection refused")
}

func TestEmails_BackendDownIsServiceUnavailable(t *testing.T) {
	clk := newClock()
	q := NewEmails(downBackend{}, clk.Now, 0)
	_, err := q.Reserve(t.Context(), Sender{Tenant: "down", CreatedAt: clk.Now(), MonthlyQuota: 5}, "user@example.com")
	if codeOf(err) != problems.ServiceUnavailable {
		t.Errorf("Reserve with the backend down = %v, want service_unavailable", err)
	}
}

// Sent counts an application's e-mails in the window and reserves
// nothing: counting never spends the quota.
func TestEmails_SentCountsWithoutSpending(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, 0)
		s := Sender{Tenant: "counted", CreatedAt: clk.Now().Add(-365 * day), MonthlyQuota: 3}
		if sent, err := sendAll(t, q, s, "user@example.com", 2); sent != 2 || err != nil {
			t.Fatalf("sent %d, %v", sent, err)
		}
		for range 5 {
			if n, err := q.Sent(t.Context(), "counted"); n != 2 || err != nil {
				t.Fatalf("Sent = %d, %v; want 2", n, err)
			}
		}
		if n, err := q.Sent(t.Context(), "other"); n != 0 || err != nil {
			t.Errorf("Sent of another application = %d, %v; want 0", n, err)
		}
		if sent, _ := sendAll(t, q, s, "user@example.com", 5); sent != 1 {
			t.Errorf("after counting, %d more sent; want the quota's last 1", sent)
		}
		clk.Advance(EmailWindow)
		if n, _ := q.Sent(t.Context(), "counted"); n != 0 {
			t.Errorf("Sent a window later = %d, want 0", n)
		}
	})
}
