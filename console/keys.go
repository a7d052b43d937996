package console

import (
	"net/http"
	"strconv"

	"passwordless/problems"
	"passwordless/tenants"
)

// newKeyData is the page that shows a new key, the only time for a secret.
type newKeyData struct {
	AppID  string
	Value  string
	Secret bool
}

var errKind = problems.Validation("kind", "Choose a public key or a secret.")

// createKey adds a public key or a secret with the scopes ticked and shows
// its value once. A refusal shows the keys page again with the form as
// ticked and the message next to its scopes (the two forms share the field
// name scope, so the message is keyed by the form: publicScope or
// secretScope).
func (c *Console) createKey(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	id := r.PathValue("app")
	kindName := r.PostFormValue("kind")
	kind, ok := map[string]tenants.KeyKind{"public": tenants.Public, "secret": tenants.Secret}[kindName]
	var scopes []int
	for _, v := range r.PostForm["scope"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // refused by the service as an unknown scope
		}
		scopes = append(scopes, n)
	}
	var value string
	var err error = errKind
	if ok {
		value, err = c.o.Tenants.CreateKey(r.Context(), id, kind, scopes)
	}
	if err != nil {
		status, text := c.sentence(r, err)
		if ok && problems.From(err).Code == problems.CreateAPIKeyScopesReq {
			keepFieldError(r.Context(), kindName+"Scope", text) // a coded refusal, not a field's
		} else if ok {
			renameFieldError(r.Context(), "scope", kindName+"Scope")
		}
		return c.showApp(w, r, s, status, text, &keyForm{Kind: kindName, Scopes: r.PostForm["scope"]})
	}
	c.render(w, r, http.StatusCreated, "newkey", c.withSession(s, view{Title: "New API key",
		Data: newKeyData{AppID: id, Value: value, Secret: kind == tenants.Secret}}))
	return nil
}

// deleteKey removes a locked key for good, after the confirm step (an
// active key is refused by the service: lock it first).
func (c *Console) deleteKey(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	id, key := r.PathValue("app"), r.PathValue("key")
	if !c.confirmed(w, r, s, confirmData{Title: "Delete the key …" + key + "?", Back: "/console/apps/" + id,
		Question: "Delete the API key …" + key + " of " + id + "? Only a locked key can be deleted.",
		Losses:   []string{"the key …" + key + ": a backend or page still using it is refused (401), and it cannot be unlocked again"}}) {
		return nil
	}
	if err := c.o.Tenants.DeleteLockedKey(r.Context(), id, key); err != nil {
		return err
	}
	return done(w, r, "/console/apps/"+id, "key-deleted")
}
