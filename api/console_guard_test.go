package api_test

import (
	"testing"

	"passwordless/api/apitest"
)

// TestManagement_ConsoleAppIsProtected: the management API refuses every
// change to the console's own application (403 console_app_protected) and
// still answers reads; another application is unaffected.
func TestManagement_ConsoleAppIsProtected(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	m := apitest.Management()
	id := h.Server.Console.AppID()
	keys := h.Do(t, "GET", "/admin/apps/"+id+"/api-keys", m, nil)
	var list []apiKeyItem
	keys.JSON(t, &list)
	if keys.Status != 200 || len(list) == 0 {
		t.Fatalf("list keys of the console app = %d %s", keys.Status, keys.Body)
	}
	key := list[0].ID
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"delete the app", "DELETE", "/admin/apps/" + id, nil},
		{"mark it for deletion", "POST", "/admin/apps/" + id + "/mark-delete", map[string]any{}},
		{"cancel its deletion", "POST", "/admin/apps/" + id + "/cancel-delete", nil},
		{"unfreeze it", "POST", "/admin/apps/" + id + "/unfreeze", nil},
		{"freeze it", "POST", "/admin/apps/" + id + "/freeze", nil},
		{"unlock a key", "POST", "/admin/apps/" + id + "/api-keys/" + key + "/unlock", nil},
		{"lock a key", "POST", "/admin/apps/" + id + "/api-keys/" + key + "/lock", nil},
		{"delete a key", "DELETE", "/admin/apps/" + id + "/api-keys/" + key, nil},
		{"create a public key", "POST", "/admin/apps/" + id + "/public-keys", map[string]any{"scopes": []int{0}}},
		{"create a secret key", "POST", "/admin/apps/" + id + "/secret-keys", map[string]any{"scopes": []int{0}}},
		{"change its features", "POST", "/admin/apps/" + id + "/features", map[string]any{"eventLoggingIsEnabled": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.Do(t, tc.method, tc.path, m, tc.body)
			if resp.Status != 403 || resp.Code() != "console_app_protected" {
				t.Errorf("%s %s = %d %s, want 403 console_app_protected", tc.method, tc.path, resp.Status, resp.Body)
			}
		})
	}
	t.Run("reads still answer", func(t *testing.T) {
		for _, path := range []string{"/admin/apps/" + id + "/features", "/admin/apps/" + id + "/can-delete-immediately"} {
			if resp := h.Do(t, "GET", path, m, nil); resp.Status != 200 {
				t.Errorf("GET %s = %d %s", path, resp.Status, resp.Body)
			}
		}
	})
	t.Run("another application is not protected", func(t *testing.T) {
		h.CreateApp(t, "other", nil)
		if resp := h.Do(t, "POST", "/admin/apps/other/freeze", m, nil); resp.Status != 204 {
			t.Errorf("freeze other = %d %s", resp.Status, resp.Body)
		}
	})
}
