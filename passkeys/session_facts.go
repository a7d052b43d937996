package passkeys

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// SessionFacts tells a failure report what the server knows of the sign-in
// its session names, without consuming the session: the user, and whether
// the ceremony could not have found any passkey of theirs — a session begun
// for a known user with an empty allow list, or an allow list whose
// passkeys that still exist are all registered for another RP ID than the
// one the ceremony ran with. A decoy list (an alias with no user) tells
// nothing: answering "no passkey" there would reveal that the alias has no
// user, which the decoys exist to hide.
func (s *Service) SessionFacts(ctx context.Context, tenant, kind, value string) (userID string, noPasskey bool, err error) {
	if kind != string(signinCeremony) {
		return "", false, nil // only a sign-in can lack a passkey to find
	}
	st, err := s.peekSession(ctx, tenant, signinCeremony, value)
	if err != nil || st == nil {
		return "", false, err
	}
	allowed := st.Data.AllowedCredentialIDs
	if st.UserID != "" {
		return st.UserID, len(allowed) == 0, nil
	}
	if len(allowed) == 0 {
		return "", false, nil // discoverable: the user is not known until the assertion
	}
	first, err := s.store.credential(ctx, tenant, allowed[0])
	if err != nil || first == nil {
		return "", false, err
	}
	creds, err := s.store.credentialsOfUser(ctx, tenant, first.UserID)
	if err != nil {
		return first.UserID, false, err
	}
	rpID := st.Data.RelyingPartyID
	usable := slices.ContainsFunc(creds, func(c Credential) bool {
		offered := slices.ContainsFunc(allowed, func(id []byte) bool { return string(id) == string(c.ID) })
		return offered && (rpID == "" || c.RPID == "" || strings.EqualFold(c.RPID, rpID))
	})
	return first.UserID, !usable, nil
}

// peekSession reads a live session of tenant's ceremony without consuming
// it; nil when the value names none.
func (s *Service) peekSession(ctx context.Context, tenant string, kind ceremony, value string) (*session, error) {
	peeker, ok := s.sessions.(SessionPeeker)
	if !ok {
		return nil, nil
	}
	id, err := checkSessionValue(value)
	if err != nil {
		return nil, nil // a malformed value names nothing
	}
	body, found, err := peeker.Peek(ctx, sessionKey(tenant, kind, id))
	if err != nil || !found {
		return nil, err
	}
	var st session
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, fmt.Errorf("decode session: %w", err)
	}
	return &st, nil
}

// SessionOffered are the AAGUIDs of the passkeys the sign-in that value
// names offered (session.Offered), read without consuming the session,
// also after a complete failed with unknown_credential: a client's
// failure report is counted under their provider. A register session, a
// discoverable sign-in or a value naming nothing has none.
func (s *Service) SessionOffered(ctx context.Context, tenant, kind, value string) ([]string, error) {
	if kind != string(signinCeremony) {
		return nil, nil
	}
	st, err := s.peekSession(ctx, tenant, signinCeremony, value)
	if err != nil || st != nil {
		return offeredOf(st), err
	}
	peeker, ok := s.sessions.(SessionPeeker)
	id, bad := checkSessionValue(value)
	if !ok || bad != nil {
		return nil, nil
	}
	body, found, err := peeker.Peek(ctx, failedKey(tenant, signinCeremony, id))
	if err != nil || !found {
		return nil, err
	}
	var failed session
	if err := json.Unmarshal(body, &failed); err != nil {
		return nil, fmt.Errorf("decode session: %w", err)
	}
	return failed.Offered, nil
}

func offeredOf(st *session) []string {
	if st == nil {
		return nil
	}
	return st.Offered
}
