package passkeys

import (
	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// The kinds of ceremony a completion reports, for the success rates of
// package diagnostics: a registration, a sign-in offering the user's
// passkeys (allow list), a discoverable sign-in, and a discoverable
// sign-in the page began for autofill (conditional mediation).
const (
	KindRegister     = "register"
	KindSignin       = "signin"
	KindDiscoverable = "discoverable"
	KindConditional  = "conditional"
)

// MediationConditional is the BeginSigninRequest.Mediation of a sign-in
// begun for autofill; any other value is an ordinary sign-in.
const MediationConditional = string(protocol.MediationConditional)

// signinKind is the kind of the sign-in whose session is d.
func signinKind(d webauthn.SessionData) string {
	switch {
	case len(d.AllowedCredentialIDs) > 0:
		return KindSignin
	case d.Mediation == protocol.MediationConditional:
		return KindConditional
	}
	return KindDiscoverable
}

// markMediation keeps on the session that the page began the sign-in for
// autofill, so that its completion is counted as such.
func markMediation(d *webauthn.SessionData, mediation string) {
	if mediation == MediationConditional {
		d.Mediation = protocol.MediationConditional
	}
}
