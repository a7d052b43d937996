package api_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"passwordless/api/apitest"
)

func TestCredentials_ListAndDelete(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "credapp")
	other := newBrowser(t, h, "credother")
	_, cred := b.register(t, "u1", nil)

	t.Run("GET with the Node SDK's lower-case userid", func(t *testing.T) {
		resp := h.Do(t, http.MethodGet, "/credentials/list?userid=u1", b.app.Secret(), nil)
		var out struct{ Values []map[string]any }
		resp.JSON(t, &out)
		if len(out.Values) != 1 || out.Values[0]["descriptor"].(map[string]any)["id"] != cred.IDString() {
			t.Errorf("list = %s", resp.Body)
		}
		pk, err := base64.StdEncoding.DecodeString(out.Values[0]["publicKey"].(string))
		if err != nil || len(pk) == 0 {
			t.Errorf("publicKey %v is not standard base64: %v", out.Values[0]["publicKey"], err)
		}
	})
	t.Run("POST with a body", func(t *testing.T) {
		resp := h.Do(t, http.MethodPost, "/credentials/list", b.app.Secret(), map[string]any{"userId": "u1"})
		var out struct{ Values []map[string]any }
		resp.JSON(t, &out)
		if len(out.Values) != 1 {
			t.Errorf("list = %s", resp.Body)
		}
	})
	t.Run("unknown user has none", func(t *testing.T) {
		if list := credentialsOf(t, b, "nobody"); len(list) != 0 {
			t.Errorf("list = %v", list)
		}
	})
	t.Run("another application sees none", func(t *testing.T) {
		if list := credentialsOf(t, other, "u1"); len(list) != 0 {
			t.Errorf("list = %v", list)
		}
	})
	t.Run("missing userId", func(t *testing.T) {
		wantProblem(t, h.Do(t, http.MethodGet, "/credentials/list", b.app.Secret(), nil), 400, "validation_failed")
		wantProblem(t, h.Do(t, http.MethodPost, "/credentials/list", b.app.Secret(), map[string]any{"userId": nil}), 400, "validation_failed")
	})
	t.Run("delete by another application does nothing", func(t *testing.T) {
		r := h.Do(t, http.MethodPost, "/credentials/delete", other.app.Secret(), map[string]any{"credentialId": cred.IDString()})
		if r.Status != 204 || len(credentialsOf(t, b, "u1")) != 1 {
			t.Errorf("delete from another application: %d, passkeys left %d", r.Status, len(credentialsOf(t, b, "u1")))
		}
	})
	t.Run("delete bad ids", func(t *testing.T) {
		for _, id := range []any{"", nil, "not base64url!"} {
			r := h.Do(t, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": id})
			wantProblem(t, r, 400, "validation_failed")
		}
	})
	t.Run("delete", func(t *testing.T) {
		for i := 0; i < 2; i++ { // the second time the id is unknown: still 204
			r := h.Do(t, http.MethodPost, "/credentials/delete", b.app.Secret(), map[string]any{"credentialId": cred.IDString()})
			if r.Status != http.StatusNoContent {
				t.Fatalf("delete %d: %d %s", i, r.Status, r.Body)
			}
		}
		if list := credentialsOf(t, b, "u1"); len(list) != 0 {
			t.Errorf("after delete: %v", list)
		}
	})
}
