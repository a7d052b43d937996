package diagnostics

import (
	"context"
	"log/slog"
	"time"

	"passwordless/events"
	"passwordless/internal/ticker"
	"passwordless/problems"
)

// The outcomes counted per segment besides a failure's errorCode.
const (
	outcomeBegun     = "_begun"
	outcomeCompleted = "_completed"
	// outcomeVerified prefixes the sign-in method of a token verified
	// through /signin/verify (kind kindVerify, no device).
	outcomeVerified = "_verified_"
	kindVerify      = "verify"
	noDevice        = "all"
	// unknownProvider is the provider of a ceremony no passkey has
	// answered yet (begun, failed or abandoned).
	unknownProvider = "unknown"
)

// Sign-in methods of verified tokens.
const (
	MethodPasskey   = "passkey"
	MethodMagicLink = "magic_link"
	MethodOther     = "other"
)

// segmentKey is one segment counter.
type segmentKey struct {
	tenant, day, kind, platform, browser, provider, attachment, outcome string
}

// signinUser is one user's sign-in verified on one day.
type signinUser struct {
	tenant, day, user string
}

// SegmentMetrics counts ceremonies by segment (package metrics); outcome
// is begun, completed or failed.
type SegmentMetrics interface {
	ObservePasskeyCeremony(kind, platform, browser, outcome string)
}

// SegmentOptions configure Segments.
type SegmentOptions struct {
	Store   *SegmentStore
	Metrics SegmentMetrics
	// Provider names an authenticator model by AAGUID (package
	// authenticators); nil names none.
	Provider func(aaguid string) string
	// Sessions name the user of a decision's session hint; UserPasskeys
	// summarise a hinted user's passkeys for a device's platform family
	// (package passkeys). Either may be nil.
	Sessions     SessionResolver
	UserPasskeys func(ctx context.Context, tenant, userID, platform string) (UserPasskeys, error)
	Now          func() time.Time
	Logger       *slog.Logger
}

// Segments counts ceremonies per application, day, kind and segment
// (platform, browser, provider, attachment) and the sign-ins verified per
// method, for the success rates and the passkey login and enrollment
// rates (issue 21 §3). A ceremony costs a map update in memory; the
// counts reach the database in batches, at most every flushEvery.
type Segments struct {
	o      SegmentOptions
	counts *tally[segmentKey]
	users  *tally[signinUser]
	rates  *rates
}

// NewSegments returns Segments.
func NewSegments(o SegmentOptions) *Segments {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Provider == nil {
		o.Provider = func(string) string { return unknownProvider }
	}
	now := o.Now()
	return &Segments{o: o, counts: newTally[segmentKey](flushEvery, now), users: newTally[signinUser](flushEvery, now),
		rates: newRates()}
}

// Begun counts a ceremony begun from device. offered are the AAGUIDs of
// the passkeys a sign-in offered (nil for a registration or a
// discoverable sign-in): when they all name one provider, the ceremony is
// counted under it, else under "unknown" until a passkey answers.
func (s *Segments) Begun(ctx context.Context, tenant, kind string, d Device, offered []string) {
	s.count(ctx, segmentKey{tenant: tenant, kind: kind, platform: d.Platform, browser: d.Browser,
		provider: s.providerOf(offered), outcome: outcomeBegun}, "begun")
}

// Begin is what a ceremony's begin counted it under: the passkeys it
// offered and when (zero: now).
type Begin struct {
	Offered []string
	At      time.Time
}

// Completed counts a ceremony completed from device with the passkey of
// aaguid (nil when unknown) and attachment ("platform", "cross-platform"
// or ""). A ceremony begun under another provider (most often "unknown":
// a registration, a discoverable sign-in) has its begun count moved, on
// the day it began, to the provider that answered, so a provider's
// success rate compares its own begun and completed ceremonies.
func (s *Segments) Completed(ctx context.Context, tenant, kind string, d Device, aaguid *string, attachment string, begun Begin) {
	provider := unknownProvider
	if aaguid != nil {
		provider = s.o.Provider(*aaguid)
	}
	if was := s.providerOf(begun.Offered); was != provider {
		s.moveBegun(ctx, segmentKey{tenant: tenant, kind: kind, platform: d.Platform, browser: d.Browser,
			provider: was, outcome: outcomeBegun}, provider, begun.At)
	}
	s.count(ctx, segmentKey{tenant: tenant, kind: kind, platform: d.Platform, browser: d.Browser,
		provider: provider, attachment: attachmentOf(attachment), outcome: outcomeCompleted}, "completed")
}

// Failed counts a failure a client reported from device, by its errorCode,
// under the provider its begin was counted under when the report names
// the ceremony's session (a sign-in that offered one provider's passkeys),
// else under "unknown".
func (s *Segments) Failed(ctx context.Context, tenant, kind string, d Device, code problems.Code, session string) {
	s.count(ctx, segmentKey{tenant: tenant, kind: kind, platform: d.Platform, browser: d.Browser,
		provider: s.sessionProvider(ctx, tenant, kind, session), outcome: string(code)}, "failed")
}

// SessionOffers reads what a sign-in session offered without consuming
// it (package passkeys).
type SessionOffers interface {
	SessionOffered(ctx context.Context, tenant, kind, value string) ([]string, error)
}

// sessionProvider is the provider a reported ceremony's begin was counted
// under; "unknown" without a readable sign-in session.
func (s *Segments) sessionProvider(ctx context.Context, tenant, kind, session string) string {
	offers, ok := s.o.Sessions.(SessionOffers)
	if session == "" || !ok || kind == "register" {
		return unknownProvider
	}
	offered, err := offers.SessionOffered(ctx, tenant, string(SignIn), session)
	if err != nil {
		s.o.Logger.WarnContext(ctx, "diagnostics segments: reading the report's session", "err", err)
	}
	return s.providerOf(offered)
}

// providerOf is the one provider all offered AAGUIDs name, else "unknown".
func (s *Segments) providerOf(offered []string) string {
	provider := unknownProvider
	for i, aaguid := range offered {
		name := s.o.Provider(aaguid)
		if i > 0 && name != provider {
			return unknownProvider
		}
		provider = name
	}
	return provider
}

// moveBegun moves one begun count of key, on the day at, to provider (no
// metric: the ceremony was observed when it began).
func (s *Segments) moveBegun(ctx context.Context, k segmentKey, provider string, at time.Time) {
	now := s.o.Now().UTC()
	if at.IsZero() || at.After(now) {
		at = now
	}
	k.day = at.UTC().Format(events.DayLayout)
	due := s.counts.addN(k, -1, now)
	k.provider = provider
	if s.counts.addN(k, 1, now) || due {
		s.flushLogged(ctx)
	}
}

// Verified counts a sign-in token verified for userID by method
// (MethodPasskey, MethodMagicLink, MethodOther): the passkey login rate's
// numerator and denominator, and the enrollment rate's users.
func (s *Segments) Verified(ctx context.Context, tenant, userID, method string) {
	now := s.o.Now().UTC()
	day := now.Format(events.DayLayout)
	due := s.counts.add(segmentKey{tenant: tenant, day: day, kind: kindVerify, platform: noDevice, browser: noDevice,
		provider: noDevice, outcome: outcomeVerified + method}, now)
	if userID != "" && s.users.add(signinUser{tenant, day, userID}, now) {
		due = true
	}
	if due {
		s.flushLogged(ctx)
	}
}

func (s *Segments) count(ctx context.Context, k segmentKey, metric string) {
	now := s.o.Now().UTC()
	k.day = now.Format(events.DayLayout)
	if s.o.Metrics != nil {
		s.o.Metrics.ObservePasskeyCeremony(k.kind, k.platform, k.browser, metric)
	}
	if s.counts.add(k, now) {
		s.flushLogged(ctx)
	}
}

// attachmentOf keeps the two attachments WebAuthn defines; anything else
// is "".
func attachmentOf(a string) string {
	if a == "platform" || a == "cross-platform" {
		return a
	}
	return ""
}

// Flush writes the pending counts and users to the database; what could
// not be written is kept for the next flush.
func (s *Segments) Flush(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	now := s.o.Now()
	err := s.counts.flush(now, func(batch map[segmentKey]int64) error { return s.o.Store.addSegments(ctx, batch) })
	if err != nil {
		return err
	}
	return s.users.flush(now, func(batch map[signinUser]int64) error { return s.o.Store.addSigninUsers(ctx, batch) })
}

func (s *Segments) flushLogged(ctx context.Context) {
	if err := s.Flush(ctx); err != nil {
		s.o.Logger.WarnContext(ctx, "diagnostics segments flush", "err", err)
	}
}

// RunFlush flushes every flushEvery until ctx ends.
func (s *Segments) RunFlush(ctx context.Context) {
	ticker.Every(ctx, flushEvery, func() { s.flushLogged(ctx) })
}

// Purge deletes the segment counts and signed-in users older than
// CounterRetentionDays, for every tenant (an hourly job).
func (s *Segments) Purge(ctx context.Context) (int64, error) {
	before := s.o.Now().UTC().AddDate(0, 0, -CounterRetentionDays).Format(events.DayLayout)
	return s.o.Store.deleteSegmentsBefore(ctx, before)
}
