package diagnostics

import (
	"context"

	"passwordless/problems"
)

// SessionInspector is a SessionResolver that also tells whether the sign-in
// a session names could have found a passkey of its user (package passkeys
// implements it): noPasskey when the user is known and none of their
// passkeys fits the ceremony (an empty allow list, only passkeys for another
// RP ID).
type SessionInspector interface {
	SessionFacts(ctx context.Context, tenant, ceremony, value string) (userID string, noPasskey bool, err error)
}

// classify reads a report with what the server knows of its session. A
// sign-in that the client can only call cancelled, not allowed or timed out
// is "no passkey" when the server knows the ceremony had none to find; the
// session is looked at only then, so other reports cost nothing more.
func (s *Service) classify(ctx context.Context, tenant string, r Report, session string) Classification {
	c := Classify(r)
	if session == "" || s.o.Sessions == nil || r.Ceremony != SignIn || !couldBeNoPasskey(c.ErrorCode) {
		return c
	}
	noPasskey, err := s.noPasskey(ctx, tenant, session)
	if err != nil {
		s.o.Logger.WarnContext(ctx, "diagnostics: reading the report's session", "err", err)
		return c
	}
	if !noPasskey {
		return c
	}
	r.NoPasskey = true
	return Classify(r)
}

// noPasskey asks the inspector (package passkeys) whether the session's
// sign-in could not have found a passkey of its user; without one it knows
// nothing.
func (s *Service) noPasskey(ctx context.Context, tenant, session string) (bool, error) {
	in, ok := s.o.Sessions.(SessionInspector)
	if !ok {
		return false, nil
	}
	_, none, err := in.SessionFacts(ctx, tenant, string(SignIn), session)
	return none, err
}

// couldBeNoPasskey: the answers a sign-in without any passkey gets.
func couldBeNoPasskey(code problems.Code) bool {
	return code == problems.PasskeyCancelled || code == problems.PasskeyNotAllowed || code == problems.PasskeyTimeout
}
