package orgs

import (
	"context"
	"errors"

	"passwordless/events"
	"passwordless/tenants"
)

// actor names the console itself in the event log of its own application.
var actor = events.Actor{Name: "Console"}

// EnsureApp returns the console's own application, creating it (with a
// random id, so it never takes a name a tenant wants) on first start. Its
// API keys are locked at once: the console calls the services in-process
// and needs none, so nothing can use its tenant over HTTP. Two instances
// starting at once both try; the loser reads the winner's.
func (s *Service) EnsureApp(ctx context.Context) (string, error) {
	id, err := s.consoleApp(ctx)
	if err != nil || id != "" {
		return id, err
	}
	id = "console" + randomLower(10)
	err = s.store.inTx(events.WithActor(ctx, actor), func(ctx context.Context) error {
		if _, err := s.o.Tenants.Create(ctx, id, tenants.CreateOptions{EventLoggingEnabled: true}); err != nil {
			return err
		}
		if err := s.o.Tenants.Freeze(ctx, id); err != nil {
			return err
		}
		return s.store.setConsoleApp(ctx, id, s.now())
	})
	if err != nil {
		if other, err2 := s.store.consoleApp(ctx); err2 == nil && other != "" {
			s.setApp(other)
			return other, nil
		}
		return "", err
	}
	s.setApp(id)
	return id, nil
}

// IsConsoleApp reports whether id is the console's own application:
// package tenants asks it before every change (tenants.Service.Protect).
// Once known, the id comes from memory; until then (a CLI run, a server
// before its console started) it is read with ctx, inside the change's
// transaction when there is one.
func (s *Service) IsConsoleApp(ctx context.Context, id string) (bool, error) {
	app, err := s.consoleApp(ctx)
	return err == nil && id != "" && id == app, err
}

// consoleApp is the id of the console's application ("" before
// EnsureApp first ran), read once.
func (s *Service) consoleApp(ctx context.Context) (string, error) {
	s.mu.Lock()
	id := s.appID
	s.mu.Unlock()
	if id != "" {
		return id, nil
	}
	id, err := s.store.consoleApp(ctx)
	if err == nil && id != "" {
		s.setApp(id)
	}
	return id, err
}

func (s *Service) setApp(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appID = id
}

// App returns the console's application.
func (s *Service) App(ctx context.Context) (*tenants.App, error) {
	id, err := s.consoleApp(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errors.New("orgs: the console's application does not exist yet")
	}
	app, err := s.o.Tenants.App(ctx, id)
	if err == nil && app == nil {
		err = errors.New("orgs: the console's application " + id + " is gone")
	}
	return app, err
}

// HasAdmins reports whether any organization has an admin (while none
// has, the server logs a setup link at start).
func (s *Service) HasAdmins(ctx context.Context) (bool, error) { return s.store.hasAdmins(ctx) }
