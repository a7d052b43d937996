package tenants

import (
	"context"

	"passwordless/problems"
)

// Protect names the applications no caller may change: the admin console's
// own one (package orgs' IsConsoleApp), through which every admin signs in —
// locking its keys, freezing, scheduling or deleting it, or changing its
// features would lock every admin out. The rule lives here, in every
// change's path (apply, deleteNow), so the management API, the CLI and the
// console meet it alike; reads pass. protected is asked with the change's
// context (a read inside an open transaction goes through it); the
// console's application is created through this service before it is
// known, so protected says false then.
func (s *Service) Protect(protected func(ctx context.Context, id string) (bool, error)) {
	s.protected = protected
}

// CheckChangeable is the protection rule alone: nil, or 403
// console_app_protected for an application Protect names. The management
// API asks it before decoding a request, so every change route refuses the
// same way whatever its body.
func (s *Service) CheckChangeable(ctx context.Context, id string) error {
	if s.protected == nil {
		return nil
	}
	p, err := s.protected(ctx, id)
	if err != nil {
		return err
	}
	if p {
		return problems.New(problems.ConsoleAppProtected)
	}
	return nil
}
