// Package webhooks tells tenants' backends what happened in their
// application: endpoints per application, Standard Webhooks signatures, an
// outbox written in the transaction of the change it reports (through the
// Recorder decorator), and a worker that delivers, retries and gives up
// after 24 h.
package webhooks

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"passwordless/events"
	"passwordless/mail"
	"passwordless/problems"
	"passwordless/storage"
)

// MaxEndpoints is how many endpoints an application may have.
const MaxEndpoints = 10

// rotationOverlap is how long the previous secret keeps signing after a
// rotation.
const rotationOverlap = 24 * time.Hour

// Options configure a Service.
type Options struct {
	DB *storage.DB
	// TokenSecret derives the key that encrypts signing secrets at rest.
	TokenSecret []byte
	// AllowPrivate permits http and loopback/private targets
	// (WEBHOOKS_ALLOW_PRIVATE=1, development and tests).
	AllowPrivate bool
	Now          func() time.Time
	Logger       *slog.Logger
	// Events records the service's own audit events (endpoint changes,
	// final failures, disabling) in the app's event log; nil keeps none.
	// It is the plain event log: these events queue no webhook.
	Events events.Recorder
	// Mailer and Admins tell an application's admins, by mail, that an
	// endpoint was disabled; without them nobody is mailed.
	Mailer mail.Mailer
	Admins Admins
	// ConsoleURL is the admin console's address (PUBLIC_URL/console): the
	// notice links the endpoint's page there, where it can be enabled;
	// "" names only the API.
	ConsoleURL string
}

// Service manages endpoints and queues messages.
type Service struct {
	store        *store
	sealer       *sealer
	allowPrivate bool
	now          func() time.Time
	log          *slog.Logger
	cache        endpointCache
	events       events.Recorder
	// wake tells this instance's worker that messages were queued.
	wake   chan struct{}
	mailer mail.Mailer
	admins Admins
	// consoleURL is Options.ConsoleURL without a trailing slash.
	consoleURL string
}

// New returns the service.
func New(o Options) (*Service, error) {
	sl, err := newSealer(o.TokenSecret)
	if err != nil {
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Events == nil {
		o.Events = events.Discard{}
	}
	return &Service{store: newStore(o.DB), sealer: sl, allowPrivate: o.AllowPrivate, now: o.Now, log: o.Logger,
		events: o.Events, wake: make(chan struct{}, 1), mailer: o.Mailer, admins: o.Admins,
		consoleURL: strings.TrimRight(o.ConsoleURL, "/")}, nil
}

// queued wakes this instance's worker (other instances find the messages
// when they poll).
func (s *Service) queued() {
	select {
	case s.wake <- struct{}{}:
	default: // already woken
	}
}

// endpointEvent is an event about endpoint id of tenant.
func endpointEvent(tenant, id string, typ events.Type, msg string) events.Event {
	sev := events.Informational
	if typ == events.APIWebhookDeliveryFailed || typ == events.APIWebhookEndpointDisabled {
		sev = events.Alert
	}
	return events.Event{Tenant: tenant, Type: typ, Severity: sev, Message: msg, Subject: id}
}

// Endpoint is a webhook endpoint as its owner sees it (never its secret).
type Endpoint struct {
	ID          string
	URL         string
	Description string
	Events      []string
	CreatedAt   time.Time
	// PreviousSecretUntil is when the secret replaced by the last rotation
	// stops signing; nil when there is none.
	PreviousSecretUntil *time.Time
	// FailingSince is the first failed attempt since the last success.
	FailingSince *time.Time
	// DisabledAt is when the endpoint was disabled after failing for 3
	// days; nil while it is enabled.
	DisabledAt *time.Time
}

// AddRequest is a new endpoint.
type AddRequest struct {
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Description string   `json:"description"`
}

// Created is a new endpoint's id and its secret, shown only this once.
type Created struct {
	ID     string
	Secret string
}

// The longest endpoint URL and description an endpoint may have (in
// characters): the list and the pages show them, and nothing needs more.
const (
	MaxURLLength         = 2048
	MaxDescriptionLength = 200
)

// Add creates an endpoint for tenant.
func (s *Service) Add(ctx context.Context, tenant string, r AddRequest) (*Created, error) {
	if utf8.RuneCountInString(r.URL) > MaxURLLength {
		return nil, problems.Validation("url", fmt.Sprintf("The url must be at most %d characters long.", MaxURLLength))
	}
	if utf8.RuneCountInString(r.Description) > MaxDescriptionLength {
		return nil, problems.Validation("description",
			fmt.Sprintf("The description must be at most %d characters long.", MaxDescriptionLength))
	}
	if err := checkURL(r.URL, s.allowPrivate); err != nil {
		return nil, err
	}
	if len(r.Events) == 0 {
		return nil, problems.Validation("events", "Subscribe to at least one event.")
	}
	for _, e := range r.Events {
		if !KnownEvent(e) {
			return nil, problems.Validation("events", fmt.Sprintf("Unknown event %q.", e))
		}
	}
	id := "ep_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	secret := newSecret()
	row := endpointRow{Tenant: tenant, ID: id, URL: r.URL, Description: r.Description,
		Events: strings.Join(r.Events, " "), Secret: s.sealer.seal(tenant, id, secret), CreatedAt: s.now().UTC()}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		n, err := s.store.countEndpoints(ctx, tenant)
		if err != nil {
			return err
		}
		if n >= MaxEndpoints {
			return problems.New(problems.WebhookLimitExceeded)
		}
		if err := s.store.insertEndpoint(ctx, row); err != nil {
			return err
		}
		return s.events.Record(ctx, endpointEvent(tenant, id, events.APIWebhookEndpointAdded, "Webhook endpoint "+id+" added."))
	})
	if err != nil {
		return nil, err
	}
	s.forget(tenant)
	return &Created{ID: id, Secret: secret}, nil
}

// List returns tenant's endpoints, oldest first.
func (s *Service) List(ctx context.Context, tenant string) ([]Endpoint, error) {
	rows, err := s.store.endpoints(ctx, tenant)
	if err != nil {
		return nil, err
	}
	out := make([]Endpoint, len(rows))
	for i, r := range rows {
		out[i] = Endpoint{ID: r.ID, URL: r.URL, Description: r.Description, Events: strings.Fields(r.Events),
			CreatedAt: r.CreatedAt.UTC(), FailingSince: utc(r.FailingSince), DisabledAt: utc(r.DisabledAt)}
		if r.PreviousUntil != nil && r.PreviousUntil.After(s.now()) {
			t := r.PreviousUntil.UTC()
			out[i].PreviousSecretUntil = &t
		}
	}
	return out, nil
}

// Delete removes an endpoint and its pending deliveries.
func (s *Service) Delete(ctx context.Context, tenant, id string) error {
	if id == "" {
		return missing("id")
	}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.deleteEndpoint(ctx, tenant, id)
		if err = found(ok, err, problems.WebhookNotFound); err != nil {
			return err
		}
		return s.events.Record(ctx, endpointEvent(tenant, id, events.APIWebhookEndpointDeleted, "Webhook endpoint "+id+" deleted."))
	})
	s.forget(tenant)
	return err
}

// RotateSecret gives the endpoint a new secret, returned once; the old one
// keeps signing alongside it for 24 h, so the receiver can switch without
// losing a message.
func (s *Service) RotateSecret(ctx context.Context, tenant, id string) (string, error) {
	if id == "" {
		return "", missing("id")
	}
	secret := newSecret()
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		ep, err := s.store.endpoint(ctx, tenant, id, true)
		if err != nil {
			return err
		}
		if ep == nil {
			return problems.New(problems.WebhookNotFound)
		}
		until := s.now().UTC().Add(rotationOverlap)
		if err := s.store.setSecrets(ctx, tenant, id, s.sealer.seal(tenant, id, secret), ep.Secret, &until); err != nil {
			return err
		}
		return s.events.Record(ctx, endpointEvent(tenant, id, events.APIWebhookSecretRotated,
			"Webhook endpoint "+id+" has a new signing secret; the old one signs for 24 hours more."))
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// message is the body of a webhook (Standard Webhooks' type, timestamp,
// data).
type message struct {
	Type      string            `json:"type"`
	Timestamp time.Time         `json:"timestamp"`
	Data      map[string]string `json:"data"`
}

// enqueue writes a message of type name to every endpoint of to that
// subscribes to it, joining the transaction ctx carries. It returns the
// delivery ids.
func (s *Service) enqueue(ctx context.Context, tenant, name string, data map[string]string,
	to []endpointRow) ([]string, error) {
	rows, err := s.messages(tenant, name, data, to)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, s.store.insertDeliveries(ctx, rows)
}

// messages are the outbox rows of a message of type name to the endpoints
// of to that subscribe to it.
func (s *Service) messages(tenant, name string, data map[string]string, to []endpointRow) ([]deliveryRow, error) {
	now := s.now().UTC()
	body, err := json.Marshal(message{Type: name, Timestamp: now, Data: data})
	if err != nil {
		return nil, err
	}
	var rows []deliveryRow
	for _, ep := range to {
		if !ep.subscribes(name) {
			continue
		}
		id := "msg_" + strings.ReplaceAll(uuid.Must(uuid.NewV7()).String(), "-", "")
		rows = append(rows, deliveryRow{Tenant: tenant, ID: id, EndpointID: ep.ID, EventType: name,
			Payload: string(body), Status: statusPending, NextAttemptAt: now, ExpiresAt: now.Add(retryWindow),
			CreatedAt: now})
	}
	return rows, nil
}

// secrets are the plain secrets that sign for ep now: its secret and,
// during a rotation's overlap, the previous one.
func (s *Service) secrets(ep endpointRow) ([]string, error) {
	cur, err := s.sealer.open(ep.Tenant, ep.ID, ep.Secret)
	if err != nil {
		return nil, err
	}
	out := []string{cur}
	if ep.PreviousSecret != "" && ep.PreviousUntil != nil && ep.PreviousUntil.After(s.now()) {
		// A previous secret sealed under an older TOKEN_SECRET is dropped:
		// the rotation that repairs an unreadable secret must work.
		if prev, err := s.sealer.open(ep.Tenant, ep.ID, ep.PreviousSecret); err == nil {
			out = append(out, prev)
		}
	}
	return out, nil
}

// found turns a store's "nothing matched" (ok false) into code.
func found(ok bool, err error, code problems.Code) error {
	if err == nil && !ok {
		return problems.New(code)
	}
	return err
}

// missing is the validation problem of a required field left blank.
func missing(field string) error {
	return problems.Validation(field, "The "+field+" field is required.")
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Enable re-enables an endpoint disabled after failing, and clears its
// failing streak. Deliveries failed meanwhile can be sent with Redeliver.
func (s *Service) Enable(ctx context.Context, tenant, id string) error {
	if id == "" {
		return missing("id")
	}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.enable(ctx, tenant, id)
		if err = found(ok, err, problems.WebhookNotFound); err != nil {
			return err
		}
		return s.events.Record(ctx, endpointEvent(tenant, id, events.APIWebhookEndpointEnabled,
			"Webhook endpoint "+id+" enabled again."))
	})
	s.forget(tenant)
	return err
}
