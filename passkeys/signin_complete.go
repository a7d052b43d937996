package passkeys

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
	"passwordless/tokens"
)

// CompleteSigninRequest is the body of POST /signin/complete plus the
// User-Agent and CF-IPCountry the handler reads.
type CompleteSigninRequest struct {
	Session   string
	Response  json.RawMessage
	RPID      string
	Origin    string
	UserAgent string
	Country   string
}

// CompleteSignin verifies an assertion and returns a verify_ token of type
// passkey_signin whose lifetime is the purpose's. The credential is found
// by rawId, never by userHandle: the browser client sends none.
func (s *Service) CompleteSignin(ctx context.Context, app *tenants.App, r CompleteSigninRequest) (*Completed, error) {
	id, err := checkSessionValue(r.Session)
	if err != nil {
		return nil, err
	}
	if err := originAllowed(app, r.Origin, r.RPID); err != nil {
		return nil, err
	}
	if isAbsent(r.Response) {
		return nil, problems.Validation("response", "The Response field is required.")
	}
	idText, rawID, err := credentialIDOf(r.Response)
	if err != nil {
		return nil, err
	}
	st, err := s.takeSession(ctx, app.ID, signinCeremony, id)
	if err != nil {
		return nil, err
	}
	cred, err := s.store.credential(ctx, app.ID, rawID)
	if err != nil {
		return nil, s.retryable(ctx, app.ID, signinCeremony, id, st, err)
	}
	if cred == nil {
		s.keepFailed(ctx, app.ID, signinCeremony, id, st)
		return nil, problems.New(problems.UnknownCredential).WithExtension("credentialId", idText).
			WithExtension("signal", unknownCredentialSignal(r.RPID, rawID))
	}
	storedBE := cred.BackupEligible
	if err := s.verifyAssertion(st, cred, r); err != nil {
		s.recordRefused(ctx, app.ID, cred.UserID, events.APIUserSignInFailed, r.UserAgent, err)
		return nil, err
	}
	e := events.About(app.ID, cred.UserID, events.APIUserSignInCompleted, signedInMessage(cred.UserID, storedBE, cred.BackupEligible))
	e.Device = deviceOf(cred) // the timeline's platform and browser
	err = s.events.Apply(ctx, e, func(ctx context.Context) error {
		if err := s.store.signedIn(ctx, *cred); err != nil || !st.PurposeStored {
			return err
		}
		return s.store.touchConfig(ctx, app.ID, st.Purpose, cred.LastUsedAt)
	})
	if err != nil {
		return nil, s.retryable(ctx, app.ID, signinCeremony, id, st, err)
	}
	tok, err := s.tokens.IssueVerify(ctx, app.ID, tokens.Verified{
		UserID: cred.UserID, RPID: ptr(r.RPID), Origin: ptr(r.Origin), Device: cred.Device,
		Country: cred.Country, Nickname: cred.Nickname, CredentialID: cred.ID, Purpose: ptr(st.Purpose),
		ExpiresAt: s.now().Add(st.TokenTTL), Type: tokens.TypePasskeySignin,
	})
	if err != nil {
		return nil, err
	}
	return &Completed{Token: tok, UserID: cred.UserID, Kind: signinKind(st.Data), AAGUID: cred.AAGUID,
		Offered: st.Offered, BegunAt: st.begunAt()}, nil
}

// credentialIDOf reads the credential id of an assertion before anything
// else, so that an unknown passkey is reported as such even when the rest
// of the response would not parse. It returns the id as sent and rawId.
func credentialIDOf(response json.RawMessage) (string, []byte, error) {
	var ids struct {
		ID    string `json:"id"`
		RawID string `json:"rawId"`
	}
	bad := problems.Titled(problems.SigninCompleteError, "The sign-in could not be verified: the credential id is missing or not base64url.")
	if json.Unmarshal(response, &ids) != nil {
		return "", nil, bad
	}
	text := ids.RawID
	if text == "" {
		text = ids.ID
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(text, "="))
	if err != nil || len(raw) == 0 {
		return "", nil, bad
	}
	if ids.ID == "" {
		ids.ID = text
	}
	return ids.ID, raw, nil
}

// verifyAssertion checks the assertion against the stored credential and
// updates cred in place on success: counter, flags, last use, device and
// country.
func (s *Service) verifyAssertion(st *session, cred *Credential, r CompleteSigninRequest) error {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(r.Response)
	if err != nil {
		return libraryProblem(problems.SigninCompleteError, "The sign-in response could not be read", err)
	}
	data := st.Data
	if len(data.AllowedCredentialIDs) > 0 && !slices.ContainsFunc(data.AllowedCredentialIDs,
		func(id []byte) bool { return bytes.Equal(id, cred.ID) }) {
		return problems.Titled(problems.SigninCompleteError, "The sign-in could not be verified: the passkey was not offered for this sign-in.")
	}
	if len(data.UserID) > 0 && !bytes.Equal(data.UserID, cred.UserHandle) {
		return problems.Titled(problems.SigninCompleteError, "The sign-in could not be verified: the passkey belongs to another user.")
	}
	// The allow list is checked above; go-webauthn would otherwise want
	// every allowed credential in the user record, and a discoverable
	// session has no user until the credential names one.
	data.AllowedCredentialIDs, data.UserID = nil, cred.UserHandle
	w, err := s.rps.get(data.RelyingPartyID, r.Origin)
	if err != nil {
		return err
	}
	lc := libraryCredential(cred)
	// Backup eligibility policy: go-webauthn refuses an assertion whose BE
	// flag differs from the stored one, which locks users out of synced
	// passkeys whose provider reports BE differently over time (iCloud
	// Keychain, and passkeys imported from a Passwordless.dev database older
	// than its backup flags, whose BE is NULL). BE is
	// informational and covered by the signature checked below, so the
	// authenticator's current value is accepted and stored; BE=0 with BS=1
	// is still refused.
	lc.Flags.BackupEligible = parsed.Response.AuthenticatorData.Flags.HasBackupEligible()
	user := &webauthnUser{id: cred.UserHandle, creds: []webauthn.Credential{lc}}
	got, err := w.ValidateLogin(user, data, parsed)
	if err != nil {
		return libraryProblem(problems.SigninCompleteError, "The sign-in could not be verified", err)
	}
	if got.Authenticator.CloneWarning {
		return problems.New(problems.SignatureCounterRegressed)
	}
	cred.SignCount = got.Authenticator.SignCount
	cred.UserVerified = got.Flags.UserVerified
	cred.BackupEligible, cred.BackupState = ptr(got.Flags.BackupEligible), ptr(got.Flags.BackupState)
	cred.LastUsedAt = s.now().UTC()
	cred.Device, cred.Country = ptr(s.devices.describe(r.UserAgent)), ptr(r.Country)
	return nil
}

// signedInMessage is the sign-in event's message; it notes a change of
// the passkey's backup eligibility (accepted, see verifyAssertion), so
// support can see why a passkey now counts as synced or device-bound. An
// unknown stored value (nil) is learnt, not changed.
func signedInMessage(userID string, before, after *bool) string {
	msg := "User " + userID + " signed in"
	if before != nil && after != nil && *before != *after {
		msg += fmt.Sprintf("; the passkey's backup eligibility changed from %t to %t", *before, *after)
	}
	return msg
}
