package api_test

import (
	"net/http"
	"testing"

	"passwordless/api/apitest"
	"passwordless/storage/storagetest"
)

// TestIsolation_CeremonySessionsBelongToTheirApp begins each ceremony as
// app A and completes it with app B's key: session_not_found, and A's
// session is still there for A to complete. Sessions live in process
// memory and, with TEST_REDIS_URL, in Redis.
func TestIsolation_CeremonySessionsBelongToTheirApp(t *testing.T) {
	backends := map[string]func(t *testing.T) apitest.Options{
		"memory": func(t *testing.T) apitest.Options { return apitest.Options{} },
		"redis": func(t *testing.T) apitest.Options {
			client, _ := storagetest.Redis(t)
			return apitest.Options{Redis: client}
		},
	}
	for name, options := range backends {
		t.Run(name, func(t *testing.T) {
			h := apitest.New(t, options(t))
			a, b := newBrowser(t, h, "sessiona"), newBrowser(t, h, "sessionb")
			t.Run("registration", func(t *testing.T) {
				bg := a.beginRegistration(t, a.registerToken(t, map[string]any{"userId": "u1", "username": "u1"}))
				_, att := a.create(t, bg)
				wantProblem(t, b.completeRegistration(t, bg.Session, att, nil), 400, "session_not_found")
				if r := a.completeRegistration(t, bg.Session, att, nil); r.Status != http.StatusOK {
					t.Errorf("A completing its own session after B tried: %d %s", r.Status, r.Body)
				}
			})
			t.Run("sign-in", func(t *testing.T) {
				bg := a.beginSignin(t, map[string]any{"userId": "u1"})
				_, resp, err := a.auth.Get(bg.Data, testOrigin)
				if err != nil {
					t.Fatal(err)
				}
				wantProblem(t, b.completeSignin(t, bg.Session, resp), 400, "session_not_found")
				a.verify(t, tokenOf(t, a.completeSignin(t, bg.Session, resp), "verify_"))
			})
		})
	}
}

// TestIsolation_UsersOfAnotherApp lists, counts and deletes app A's user
// with app B's secret: B sees nothing and deletes nothing.
func TestIsolation_UsersOfAnotherApp(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		a, b := newBrowser(t, h, "usersa"), newBrowser(t, h, "usersb")
		a.register(t, "u1", map[string]any{"aliases": []string{"ann@example.com"}, "aliasHashing": false})
		if list := usersOf(t, b); len(list) != 0 {
			t.Errorf("B lists %v", list)
		}
		if n := countUsers(t, b); n != 0 {
			t.Errorf("B counts %v users", n)
		}
		if list := credentialsOf(t, b, "u1"); len(list) != 0 {
			t.Errorf("B lists A's user's credentials %v", list)
		}
		if list := aliasesOf(t, b, "u1"); len(list) != 0 {
			t.Errorf("B lists A's user's aliases %v", list)
		}
		if r := h.Do(t, http.MethodPost, "/users/delete", b.app.Secret(), map[string]any{"userId": "u1"}); r.Status != http.StatusOK {
			t.Fatalf("B deleting u1: %d %s", r.Status, r.Body)
		}
		if list := usersOf(t, a); len(list) != 1 || list[0]["credentialsCount"] != 1.0 || list[0]["aliasCount"] != 1.0 {
			t.Errorf("A's users after B's delete = %v, want u1 with its passkey and alias", list)
		}
		if n := countUsers(t, a); n != 1 {
			t.Errorf("A counts %v users after B's delete, want 1", n)
		}
	})
}

// TestIsolation_AuthConfigsOfAnotherApp adds a configuration as app A and
// lists, edits, deletes and re-adds it as app B.
func TestIsolation_AuthConfigsOfAnotherApp(t *testing.T) {
	eachDatabase(t, func(t *testing.T, h *apitest.Harness) {
		a, b := newBrowser(t, h, "configsa"), newBrowser(t, h, "configsb")
		as := func(br *browser, path string, body map[string]any) *apitest.Response {
			return h.Do(t, http.MethodPost, path, br.app.Secret(), body)
		}
		add := map[string]any{"purpose": "transfer", "timeToLive": "00:03:00", "performedBy": "ann"}
		if r := as(a, "/auth-configs/add", add); r.Status != http.StatusCreated {
			t.Fatalf("A adds: %d %s", r.Status, r.Body)
		}
		if list := configsOf(t, b, "?purpose=transfer"); len(list) != 0 {
			t.Errorf("B lists A's configuration: %v", list)
		}
		if list := configsOf(t, b, ""); len(list) != 2 {
			t.Errorf("B's list = %v, want its two presets", list)
		}
		wantProblem(t, as(b, "/auth-configs", map[string]any{"purpose": "transfer", "timeToLive": 60, "performedBy": "bob"}),
			404, "auth_config_not_found")
		wantProblem(t, as(b, "/auth-configs/delete", map[string]any{"purpose": "transfer", "performedBy": "bob"}),
			404, "auth_config_not_found")
		if r := as(b, "/auth-configs/add", map[string]any{"purpose": "transfer", "timeToLive": 60, "performedBy": "bob"}); r.Status != http.StatusCreated {
			t.Errorf("B adding the purpose A has: %d %s, want 201", r.Status, r.Body)
		}
		if list := configsOf(t, a, "?purpose=transfer"); len(list) != 1 || list[0]["timeToLive"] != 180.0 || list[0]["createdBy"] != "ann" {
			t.Errorf("A's configuration after B's calls = %v, want ann's, 180 s", list)
		}
	})
}
