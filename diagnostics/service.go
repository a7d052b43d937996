package diagnostics

import (
	"context"
	"fmt"
	"log/slog"
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

// SessionResolver reads a ceremony session value without consuming it:
// whether it names a live ceremony of the tenant whose begin answered the
// report nonce, and the user it is for ("" for a discoverable sign-in).
type SessionResolver interface {
	SessionOwner(ctx context.Context, tenant, ceremony, value, nonce string) (userID string, live bool, err error)
}

// Metrics counts classified failures (package metrics).
type Metrics interface {
	ObserveClientFailure(ceremony, platform, severity string)
}

// Options configure a Service.
type Options struct {
	Store    *Store
	Sessions SessionResolver
	// Passkeys counts a user's passkeys and says when the newest was
	// registered (package passkeys).
	Passkeys func(ctx context.Context, tenant, userID string) (count int, newest time.Time, err error)
	Events   events.Recorder
	Metrics  Metrics
	Now      func() time.Time
	Logger   *slog.Logger
}

// Service receives failure reports, keeps the bounded counters and decides
// the passkey prompt.
type Service struct {
	o        Options
	counters *counters
	samples  sync.Map // tenant → time of its last sample
	clients  *clientLimits
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
	return &Service{o: o, counters: newCounters(flushEvery, o.Now()), clients: newClientLimits()}
}

// Input is a report as POST /diagnostics/failures receives it.
type Input struct {
	Ceremony string
	Platform string
	Session  string
	// ReportNonce is the begin answer's reportNonce: without it the
	// session ties the report to nothing.
	ReportNonce string
	ElapsedMs   int64
	TimeoutMs   int64
	Mediation   string // "immediate" or "conditional" (autofill) marks a sign-in's mediation
	Error       map[string]any
	// DeviceID is an optional client-provided device id; UserAgent the
	// report request's. Together they name the device a failure is on.
	DeviceID  string
	UserAgent string
	// Client is the reporting client's address (an IPv6 /64): samples and
	// distinct-client counts are per client. "" counts no client.
	Client string
}

// Report classifies one failure, counts it, keeps it as a sample now and
// then, and, when its session names a live ceremony, keeps it for the
// tenant's backend to confirm (see Prompt). A report alone changes no
// user's prompt state: anyone holding the public key can begin a ceremony
// for any user and report anything about it.
func (s *Service) Report(ctx context.Context, tenant string, in Input) (Classification, error) {
	r, err := validate(in)
	if err != nil {
		return Classification{}, err
	}
	c := s.classify(ctx, tenant, r, in.Session)
	now := s.o.Now().UTC()
	platform := string(c.Source.Platform)
	key := counterKey{tenant, now.Format(events.DayLayout), string(r.Ceremony), platform, string(c.ErrorCode)}
	s.count(ctx, key, now)
	if in.Client != "" && s.clients.firstOfDay(key, in.Client) {
		key.code = clientsPrefix + key.code
		s.count(ctx, key, now)
	}
	if s.o.Metrics != nil {
		s.o.Metrics.ObserveClientFailure(string(r.Ceremony), platform, string(c.Severity))
	}
	if err := s.sample(ctx, tenant, in.Client, now, c, in.Error); err != nil {
		return Classification{}, err
	}
	if in.Session != "" && s.o.Sessions != nil {
		if err := s.tieToCeremony(ctx, tenant, string(r.Ceremony), in, c, now); err != nil {
			return Classification{}, err
		}
	}
	return c, nil
}

// count adds one to a counter, flushing when one is due.
func (s *Service) count(ctx context.Context, k counterKey, now time.Time) {
	if s.counters.add(k, now) {
		if err := s.Flush(ctx); err != nil {
			s.o.Logger.WarnContext(ctx, "diagnostics counters flush", "err", err)
		}
	}
}

func validate(in Input) (Report, error) {
	r := Report{Ceremony: Ceremony(in.Ceremony), Platform: Platform(in.Platform), ElapsedMs: in.ElapsedMs,
		TimeoutMs: in.TimeoutMs, Immediate: strings.EqualFold(in.Mediation, "immediate"),
		Conditional: strings.EqualFold(in.Mediation, "conditional"), Error: in.Error}
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
// once a second per tenant and once per sampleClientInterval per client:
// recent reports replace older ones, the write rate stays bounded whatever
// the report rate, and one client's flood cannot fill the ring.
func (s *Service) sample(ctx context.Context, tenant, client string, now time.Time, c Classification, raw map[string]any) error {
	if last, ok := s.samples.Load(tenant); ok && now.Sub(last.(time.Time)) < sampleInterval {
		return nil
	}
	if client != "" && !s.clients.maySample(tenant, client, now) {
		return nil
	}
	s.samples.Store(tenant, now)
	row := sampleRow{Tenant: tenant, Slot: sampleSlot(now), ReceivedAt: now,
		ErrorCode: string(c.ErrorCode), Report: sanitize(raw)}
	if err := s.o.Store.putSample(ctx, row); err != nil {
		return fmt.Errorf("store sample: %w", err)
	}
	return nil
}

// tieToCeremony keeps a failure that may change the prompt (one meaning
// "no usable passkey here" or "not supported on this device") of a live
// ceremony, for Prompt to apply when the tenant's backend presents the
// session after the user signed in; and writes the client_failure event of
// the session's user, at most once a minute per (user, errorCode).
func (s *Service) tieToCeremony(ctx context.Context, tenant, ceremony string, in Input, c Classification, now time.Time) error {
	userID, live, err := s.o.Sessions.SessionOwner(ctx, tenant, ceremony, in.Session, in.ReportNonce)
	if err != nil || !live {
		return err
	}
	if heals(Ceremony(ceremony), c.ErrorCode) || c.Action == SuppressPrompts {
		row := ceremonyFailureRow{Tenant: tenant, SessionHash: sessionHash(in.Session), UserID: userID,
			Ceremony: ceremony, ErrorCode: string(c.ErrorCode), Action: string(c.Action),
			Device: deviceKey(in.DeviceID, in.UserAgent, string(c.Source.Platform)), ReportedAt: now}
		if err := s.o.Store.putCeremonyFailure(ctx, row); err != nil {
			return fmt.Errorf("keep ceremony failure: %w", err)
		}
	}
	if userID == "" {
		return nil
	}
	claimed, err := s.o.Store.claimEvent(ctx, tenant, userID, string(c.ErrorCode), now, now.Add(-eventInterval))
	if err != nil || !claimed {
		return err
	}
	return s.o.Events.Record(ctx, events.Event{Tenant: tenant, Type: events.APIUserClientFailure, Severity: events.Warning,
		Message: fmt.Sprintf("A %s failed on the client: %s (%s, %s).", ceremony, c.ErrorCode, c.Severity, c.Source.Platform),
		Subject: userID, PerformedAt: now, Device: eventDevice(in.UserAgent)})
}

// eventDevice names a client failure's device in the event log the way
// ceremony events name theirs ("<browser>, <platform>"), from the
// User-Agent families, so a user's timeline shows platform and browser.
func eventDevice(userAgent string) string {
	if userAgent == "" {
		return ""
	}
	d := DeviceOf(userAgent, ClientHints{})
	return d.Browser + ", " + d.Platform
}

// CountCeremony counts a begun or completed ceremony for the funnel.
func (s *Service) CountCeremony(ctx context.Context, tenant, ceremony string, completed bool) {
	code := codeBegun
	if completed {
		code = codeCompleted
	}
	now := s.o.Now().UTC()
	s.count(ctx, counterKey{tenant, now.Format(events.DayLayout), ceremony, funnelAll, code}, now)
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

// sampleSlot is the ring slot of the second now falls in: with at most one
// sample a second, consecutive samples never overwrite each other and the
// ring holds the last SampleSlots sampled seconds (a random slot, as
// before, overwrote a recent sample about one time in seven among six).
func sampleSlot(now time.Time) int {
	return int(now.Unix() % SampleSlots)
}
