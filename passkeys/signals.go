package passkeys

import (
	"context"
	"encoding/base64"
	"sort"
)

// Signal is a WebAuthn Level 3 Signal API call for a page to make:
// PublicKeyCredential[Method](Options).
type Signal struct {
	Method  string `json:"method"`
	Options any    `json:"options"`
}

// The Signal API methods.
const (
	SignalUnknownCredential      = "signalUnknownCredential"
	SignalAllAcceptedCredentials = "signalAllAcceptedCredentials"
	SignalCurrentUserDetails     = "signalCurrentUserDetails"
)

type unknownCredentialOptions struct {
	RPID         string `json:"rpId"`
	CredentialID string `json:"credentialId"`
}

type allAcceptedOptions struct {
	RPID                     string   `json:"rpId"`
	UserID                   string   `json:"userId"`
	AllAcceptedCredentialIDs []string `json:"allAcceptedCredentialIds"`
}

type userDetailsOptions struct {
	RPID        string `json:"rpId"`
	UserID      string `json:"userId"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

// unknownCredentialSignal is the signal /signin/complete adds to its
// unknown_credential problem, so the page can make the browser drop a
// passkey this server no longer knows.
func unknownCredentialSignal(rpID string, id []byte) Signal {
	return Signal{Method: SignalUnknownCredential,
		Options: unknownCredentialOptions{RPID: rpID, CredentialID: base64.RawURLEncoding.EncodeToString(id)}}
}

// Signals returns, for each relying party the user's passkeys belong to,
// signalAllAcceptedCredentials (the credential ids still registered) and,
// when name is given, signalCurrentUserDetails. A user without passkeys
// gets none: there is nothing to tell the browser about.
func (s *Service) Signals(ctx context.Context, tenant, userID, name, displayName string) ([]Signal, error) {
	creds, err := s.store.credentialsOfUser(ctx, tenant, userID)
	if err != nil {
		return nil, err
	}
	type party struct {
		handle string
		ids    []string
	}
	byRP := map[string]*party{}
	for _, c := range creds {
		p, ok := byRP[c.RPID]
		if !ok {
			p = &party{handle: base64.RawURLEncoding.EncodeToString(c.UserHandle)}
			byRP[c.RPID] = p
		}
		p.ids = append(p.ids, base64.RawURLEncoding.EncodeToString(c.ID))
	}
	rpIDs := make([]string, 0, len(byRP))
	for rp := range byRP {
		rpIDs = append(rpIDs, rp)
	}
	sort.Strings(rpIDs)
	if displayName == "" {
		displayName = name
	}
	out := []Signal{}
	for _, rp := range rpIDs {
		p := byRP[rp]
		out = append(out, Signal{Method: SignalAllAcceptedCredentials,
			Options: allAcceptedOptions{RPID: rp, UserID: p.handle, AllAcceptedCredentialIDs: p.ids}})
		if name != "" {
			out = append(out, Signal{Method: SignalCurrentUserDetails,
				Options: userDetailsOptions{RPID: rp, UserID: p.handle, Name: name, DisplayName: displayName}})
		}
	}
	return out, nil
}
