package diagnostics

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"passwordless/events"
	"passwordless/internal/ticker"
	"passwordless/problems"
)

// SampleSlots is the number of raw reports kept per application.
const SampleSlots = 100

// Tuning of the bounded writes.
const (
	flushEvery     = 2 * time.Second // counters reach the database at most this late
	sampleInterval = time.Second     // at most one sample per application and second
	eventInterval  = time.Minute     // at most one client_failure event per (user, errorCode)
	recentFailure  = 24 * time.Hour  // a failure this recent makes the prompt offer a new passkey
)

// SessionResolver names the user a ceremony session value is for, without
// consuming the session; "" when unknown (expired, used, discoverable).
type SessionResolver interface {
	SessionUser(ctx context.Context, tenant, ceremony, value string) (string, error)
}

// Metrics counts classified failures (package metrics).
type Metrics interface {
	ObserveClientFailure(ceremony, platform, severity string)
}

// Options configure a Service.
type Options struct {
	Store    *Store
	Sessions SessionResolver
	// CredentialCount counts a user's passkeys (package passkeys).
	CredentialCount func(ctx context.Context, tenant, userID string) (int, error)
	Events          events.Recorder
	Metrics         Metrics
	Now             func() time.Time
	Logger          *slog.Logger
}

// Service receives failure reports, keeps the bounded counters and decides
// the passkey prompt.
type Service struct {
	o        Options
	counters *counters
	samples  sync.Map // tenant → time of its last sample
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Events == nil {
		o.Events = events.Discard{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{o: o, counters: newCounters(flushEvery, o.Now())}
}

// Input is a report as POST /diagnostics/failures receives it.
type Input struct {
	Ceremony  string
	Platform  string
	Session   string
	ElapsedMs int64
	TimeoutMs int64
	Mediation string // "immediate" marks an immediate-mediation sign-in
	Error     map[string]any
}

// Report classifies one failure, counts it, keeps it as a sample now and
// then, and marks the session's user as having failed recently.
func (s *Service) Report(ctx context.Context, tenant string, in Input) (Classification, error) {
	r, err := validate(in)
	if err != nil {
		return Classification{}, err
	}
	c := s.classify(ctx, tenant, r, in.Session)
	now := s.o.Now().UTC()
	platform := string(c.Source.Platform)
	if s.counters.add(counterKey{tenant, now.Format(events.DayLayout), string(r.Ceremony), platform, string(c.ErrorCode)}, now) {
		if err := s.Flush(ctx); err != nil {
			s.o.Logger.WarnContext(ctx, "diagnostics counters flush", "err", err)
		}
	}
	if s.o.Metrics != nil {
		s.o.Metrics.ObserveClientFailure(string(r.Ceremony), platform, string(c.Severity))
	}
	if err := s.sample(ctx, tenant, now, c, in.Error); err != nil {
		return Classification{}, err
	}
	if in.Session != "" && s.o.Sessions != nil {
		if err := s.markUser(ctx, tenant, string(r.Ceremony), in.Session, c, now); err != nil {
			return Classification{}, err
		}
	}
	return c, nil
}

func validate(in Input) (Report, error) {
	r := Report{Ceremony: Ceremony(in.Ceremony), Platform: Platform(in.Platform), ElapsedMs: in.ElapsedMs,
		TimeoutMs: in.TimeoutMs, Immediate: strings.EqualFold(in.Mediation, "immediate"), Error: in.Error}
	if r.Ceremony != Register && r.Ceremony != SignIn {
		return r, problems.Validation("ceremony", "The field Ceremony must be 'register' or 'signin'.")
	}
	switch r.Platform {
	case "", Web, IOS, MacOS, Android:
	default:
		return r, problems.Validation("platform", "The field Platform must be 'web', 'ios', 'macos' or 'android'.")
	}
	if in.Error == nil {
		return r, problems.Validation("error", "The field Error is required: the error object the client got.")
	}
	if in.ElapsedMs < 0 || in.TimeoutMs < 0 {
		return r, problems.Validation("elapsedMs", "Durations must not be negative.")
	}
	return r, nil
}

// sample keeps the report in a random slot of the tenant's ring, at most
// once a second per tenant: recent reports replace older ones, and the
// write rate stays bounded whatever the report rate.
func (s *Service) sample(ctx context.Context, tenant string, now time.Time, c Classification, raw map[string]any) error {
	if last, ok := s.samples.Load(tenant); ok && now.Sub(last.(time.Time)) < sampleInterval {
		return nil
	}
	s.samples.Store(tenant, now)
	row := sampleRow{Tenant: tenant, Slot: rand.IntN(SampleSlots), ReceivedAt: now,
		ErrorCode: string(c.ErrorCode), Report: sanitize(raw)}
	if err := s.o.Store.putSample(ctx, row); err != nil {
		return fmt.Errorf("store sample: %w", err)
	}
	return nil
}

// markUser ties the failure to the session's user and writes the
// client_failure event, at most once a minute per (user, errorCode).
func (s *Service) markUser(ctx context.Context, tenant, ceremony, session string, c Classification, now time.Time) error {
	userID, err := s.o.Sessions.SessionUser(ctx, tenant, ceremony, session)
	if err != nil || userID == "" {
		return err
	}
	if err := s.o.Store.markFailure(ctx, tenant, userID, string(c.ErrorCode), string(c.Action), now); err != nil {
		return fmt.Errorf("mark failure: %w", err)
	}
	claimed, err := s.o.Store.claimEvent(ctx, tenant, userID, string(c.ErrorCode), now, now.Add(-eventInterval))
	if err != nil || !claimed {
		return err
	}
	return s.o.Events.Record(ctx, events.Event{Tenant: tenant, Type: events.APIUserClientFailure, Severity: events.Warning,
		Message: fmt.Sprintf("A %s failed on the client: %s (%s, %s).", ceremony, c.ErrorCode, c.Severity, c.Source.Platform),
		Subject: userID, PerformedAt: now})
}

// CountCeremony counts a begun or completed ceremony for the funnel.
func (s *Service) CountCeremony(ctx context.Context, tenant, ceremony string, completed bool) {
	code := codeBegun
	if completed {
		code = codeCompleted
	}
	now := s.o.Now().UTC()
	if s.counters.add(counterKey{tenant, now.Format(events.DayLayout), ceremony, funnelAll, code}, now) {
		if err := s.Flush(ctx); err != nil {
			s.o.Logger.WarnContext(ctx, "diagnostics counters flush", "err", err)
		}
	}
}

// Flush writes the pending counters to the database.
func (s *Service) Flush(ctx context.Context) error {
	return s.counters.flush(context.WithoutCancel(ctx), s.o.Store, s.o.Now())
}

// RunFlush writes the pending counters every flushEvery until ctx ends, so
// an instance that stops receiving reports still delivers what it counted.
func (s *Service) RunFlush(ctx context.Context) {
	ticker.Every(ctx, flushEvery, func() {
		if err := s.Flush(ctx); err != nil {
			s.o.Logger.WarnContext(ctx, "diagnostics counters flush", "err", err)
		}
	})
}
