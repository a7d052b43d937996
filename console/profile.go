package console

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"

	"passwordless/authenticators"

	"passwordless/passkeys"
	"passwordless/problems"
	"passwordless/tenants"
)

// The profile page: the signed-in admin's own passkeys in the console's
// application — list, add (a registration ceremony run by console.js with
// the session's CSRF token), delete (the last one only when confirmed).

// passkeyView is one passkey of a list (the profile page, a user's page).
type passkeyView struct {
	passkeys.Credential
	IDString string
	// Provider names the authenticator model from the AAGUID; Icon is its
	// data: URI image or "" (the CSP allows img-src data:).
	Provider string
	Icon     template.URL
	// Backup is the backup eligible and backup state flags in words.
	Backup string
}

type profileData struct {
	Passkeys []passkeyView
}

// passkeysOf lists a user's passkeys in tenant for a page.
func (c *Console) passkeysOf(ctx context.Context, tenant, userID string) ([]passkeyView, error) {
	creds, err := c.o.Passkeys.Credentials(ctx, tenant, userID)
	if err != nil {
		return nil, err
	}
	out := make([]passkeyView, 0, len(creds))
	for _, cr := range creds {
		p := c.catalog().Provider(deref(cr.AAGUID))
		out = append(out, passkeyView{Credential: cr, IDString: base64.RawURLEncoding.EncodeToString(cr.ID),
			// Provider keeps only base64 data: URIs of images.
			Provider: p.Name, Icon: template.URL(p.Icon), Backup: backup(cr.BackupEligible, cr.BackupState)})
	}
	return out, nil
}

// catalog is the authenticator knowledge behind the provider names.
func (c *Console) catalog() *authenticators.Catalog {
	if c.o.Authenticators == nil {
		return authenticators.OpenCatalog()
	}
	return c.o.Authenticators.Catalog()
}

// backup puts a passkey's backup flags in words: BE (backup eligible: a
// synced passkey provider) and BS (backed up now). A passkey registered
// before the flags were recorded has neither.
func backup(eligible, state *bool) string {
	switch {
	case state != nil && *state:
		return "Synced passkey"
	case eligible != nil && *eligible:
		return "Can sync, not synced yet"
	case eligible != nil:
		return "This device only"
	}
	return "Unknown"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (c *Console) ownPasskeys(ctx context.Context, s *signedIn) ([]passkeyView, error) {
	return c.passkeysOf(ctx, c.appID, s.admin.ID)
}

func (c *Console) profilePage(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.showProfile(w, r, s, http.StatusOK, "")
	return nil
}

func (c *Console) showProfile(w http.ResponseWriter, r *http.Request, s *signedIn, status int, errText string) {
	own, err := c.ownPasskeys(r.Context(), s)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, "profile", c.withSession(s, view{Title: "Your passkeys", Error: errText,
		Data: profileData{Passkeys: own}}))
}

// deletePasskey deletes one of the admin's own passkeys; the last one only
// with the confirmation box ticked (without a passkey there is no sign-in).
func (c *Console) deletePasskey(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	own, err := c.ownPasskeys(r.Context(), s)
	if err != nil {
		return err
	}
	id := r.PathValue("credential")
	if !hasPasskey(own, id) {
		return errNotFound
	}
	losses := []string{"this passkey: you can no longer sign in to the console with it"}
	if len(own) == 1 {
		losses = append(losses, "it is your last passkey: without it you cannot sign in (only by an e-mailed link)")
	} else {
		losses = append(losses, plural(len(own)-1, "passkey", "passkeys")+" will be left")
	}
	if !c.confirmed(w, r, s, confirmData{Title: "Delete this passkey?", Back: "/console/profile",
		Question: "Delete one of your passkeys?", Losses: losses}) {
		return nil
	}
	if _, err := c.o.Passkeys.DeleteCredential(r.Context(), c.appID, id); err != nil {
		return err
	}
	return done(w, r, "/console/profile", "passkey-deleted")
}

// sessionCall checks a ceremony call of a signed-in admin: JSON, the
// session's CSRF token in X-CSRF-Token, and the per-address limit.
func (c *Console) sessionCall(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := c.current(r)
		if err != nil || s == nil {
			c.jsonError(w, r, orElse(err, problems.Titled(problems.InvalidArgument, "Your session ended. Sign in again.")))
			return
		}
		if !c.jsonCall(w, r, "session", s.token) {
			return
		}
		if err := h(w, r, s); err != nil {
			c.jsonError(w, r, err)
		}
	}
}

// addPasskeyBegin starts registering another passkey for the admin.
func (c *Console) addPasskeyBegin(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app, err := c.app(r.Context())
	var token string
	if err == nil {
		// The e-mail address is the passkey's alias, as at setup and on
		// accepting an invitation: an owner who signed up has no passkey
		// yet, and signs in by e-mail with the first one added here.
		token, err = c.o.Passkeys.RegisterToken(r.Context(), app, passkeys.RegisterRequest{UserID: s.admin.ID,
			Username: s.admin.Email, DisplayName: s.admin.Email, Aliases: []string{s.admin.Email}})
	}
	var b *passkeys.Begun[passkeys.CreationOptions]
	if err == nil {
		b, err = c.o.Passkeys.BeginRegistration(r.Context(), app, passkeys.BeginRegistrationRequest{Token: token,
			RPID: c.rpID, Origin: c.origin})
	}
	if err != nil {
		c.jsonError(w, r, err)
		return nil
	}
	writeJSON(w, http.StatusOK, begun{Options: b.Data, Session: b.Session})
	return nil
}

// addPasskeyComplete stores the new passkey; the ceremony is bound to the
// admin by the register token.
func (c *Console) addPasskeyComplete(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	in, err := decode(r)
	var app *tenants.App
	if err == nil {
		app, err = c.app(r.Context())
	}
	if err == nil {
		nickname := "Console"
		_, err = c.o.Passkeys.CompleteRegistration(r.Context(), app, passkeys.CompleteRegistrationRequest{
			Session: in.Session, Response: in.Response, Nickname: &nickname, RPID: c.rpID, Origin: c.origin,
			UserAgent: r.UserAgent()})
	}
	if err != nil {
		c.jsonError(w, r, err)
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": "/console/profile"})
	return nil
}
