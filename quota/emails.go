package quota

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"passwordless/problems"
)

// Defaults of the magic-link e-mail quota (spec §7).
const (
	// DefaultNewAppTimeout is how long a new application may only mail
	// its own admins: an anti-spam measure upstream calls NewAccountTimeout.
	DefaultNewAppTimeout = 24 * time.Hour
	// EmailWindow is the sliding window the monthly quota counts over.
	EmailWindow = 30 * 24 * time.Hour
)

// Sender is what the e-mail quota needs to know about the sending
// application.
type Sender struct {
	Tenant       string
	CreatedAt    time.Time
	AdminEmails  []string
	MonthlyQuota int
}

// Emails enforces the magic-link e-mail quota. A send is reserved before
// the mail goes out and then committed or released, so concurrent sends
// never exceed the quota and a failed send is not counted.
type Emails struct {
	backend       Backend
	now           func() time.Time
	newAppTimeout time.Duration
}

// NewEmails returns the e-mail quota over backend. newAppTimeout is the
// admin-only period of a new application (DefaultNewAppTimeout upstream; 0
// turns it off, as self-hosted installs do).
func NewEmails(backend Backend, clock func() time.Time, newAppTimeout time.Duration) *Emails {
	return &Emails{backend: backend, now: clock, newAppTimeout: newAppTimeout}
}

// Reservation is one reserved e-mail. Exactly one of Commit or Release
// should follow.
type Reservation struct {
	backend Backend
	now     func() time.Time
	slot    Slot
}

// Reserve applies the rules of spec §7 in upstream's order (new-app
// recipients, effective quota by age, sliding window) and reserves one
// e-mail to recipient. It fails with magic_link_email_admin_address_only
// (403) or magic_link_email_quota_exceeded (429, with Retry-After).
func (e *Emails) Reserve(ctx context.Context, s Sender, recipient string) (*Reservation, error) {
	now := e.now()
	age := now.Sub(s.CreatedAt)
	if age < e.newAppTimeout && !isAdmin(s.AdminEmails, recipient) {
		return nil, adminOnly(s.CreatedAt.Add(e.newAppTimeout))
	}
	limit := EffectiveQuota(s.MonthlyQuota, age)
	slot, err := e.backend.Reserve(ctx, "email:"+s.Tenant, limit, EmailWindow, now)
	if err != nil {
		return nil, problems.Unavailable(fmt.Errorf("e-mail quota: %w", err))
	}
	if !slot.Granted {
		return nil, quotaExceeded(slot, now, s.MonthlyQuota, limit)
	}
	return &Reservation{backend: e.backend, now: e.now, slot: slot}, nil
}

// Sent counts tenant's e-mails in the sliding window the monthly quota
// counts over (reserved ones included), reserving nothing: a reservation
// with no room left only counts.
func (e *Emails) Sent(ctx context.Context, tenant string) (int64, error) {
	slot, err := e.backend.Reserve(ctx, "email:"+tenant, 0, EmailWindow, e.now())
	if err != nil {
		return 0, problems.Unavailable(fmt.Errorf("e-mail quota: %w", err))
	}
	return slot.Used, nil
}

// Commit counts the reserved e-mail as sent now.
func (r *Reservation) Commit(ctx context.Context) error {
	return r.backend.Commit(ctx, r.slot, r.now())
}

// Release gives the reserved e-mail back: it was not sent.
func (r *Reservation) Release(ctx context.Context) error {
	return r.backend.Release(ctx, r.slot)
}

// EffectiveQuota is the monthly quota scaled by the application's age, so
// that a new application cannot spend a month's quota on its first day:
// floor(quota × f) with f = 0.2 under one day, 0.5 under three days, 0.75
// under thirty days and 1 after that. Integer arithmetic keeps the floor
// exact.
func EffectiveQuota(monthly int, age time.Duration) int64 {
	const day = 24 * time.Hour
	percent := int64(100)
	switch {
	case age < day:
		percent = 20
	case age < 3*day:
		percent = 50
	case age < 30*day:
		percent = 75
	}
	return max(int64(monthly), 0) * percent / 100
}

func isAdmin(admins []string, recipient string) bool {
	recipient = strings.TrimSpace(recipient)
	for _, a := range admins {
		if strings.EqualFold(strings.TrimSpace(a), recipient) {
			return true
		}
	}
	return false
}

// adminOnly is the 403 of the new-app rule, saying when it ends: the
// catalogue title speaks of 24 hours, but the period is configurable.
func adminOnly(until time.Time) *problems.Error {
	return problems.New(problems.MagicLinkEmailAdminAddressOnly).
		WithDetail("A new application may only send magic links to its admin e-mail addresses until %s.",
			until.UTC().Format(time.RFC3339)).
		WithExtension("adminOnlyUntil", until.UTC().Format(time.RFC3339))
}

// quotaExceeded is the 429 naming the limit that was hit (the app's
// monthly e-mail quota and, while it is younger than 30 days, the scaled
// limit in force) and when it resets: a Retry-After of the time until the
// oldest counted e-mail leaves the window, rounded up to whole seconds, and
// the same instant as resetsAt. A quota of zero has nothing to wait for,
// so no Retry-After and no resetsAt.
func quotaExceeded(slot Slot, now time.Time, monthly int, limit int64) *problems.Error {
	p := problems.New(problems.MagicLinkEmailQuotaExceeded).
		WithExtension("monthlyQuota", monthly).
		WithExtension("effectiveQuota", limit)
	which := fmt.Sprintf("the application's monthly e-mail quota of %d magic links per 30 days", monthly)
	if limit != int64(monthly) {
		which += fmt.Sprintf(" (%d while the application is younger than 30 days)", limit)
	}
	if slot.RetryAt.IsZero() {
		return p.WithDetail("All of %s are used. Raise the quota to send magic links.", which)
	}
	wait := ceilSeconds(slot.RetryAt.Sub(now))
	resets := now.Add(time.Duration(wait) * time.Second).UTC().Format(time.RFC3339)
	p = p.WithDetail("All of %s are used; the next e-mail can be sent at %s.", which, resets).
		WithExtension("resetsAt", resets)
	p.Header = http.Header{"Retry-After": {strconv.FormatInt(wait, 10)}}
	return p
}

func ceilSeconds(d time.Duration) int64 {
	return max(int64(math.Ceil(d.Seconds())), 1)
}
