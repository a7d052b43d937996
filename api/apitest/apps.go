package apitest

import (
	"net/http"
	"testing"
)

// App is an application created through the management API.
type App struct {
	ID         string `json:"-"`
	APIKey1    string `json:"apiKey1"`
	APIKey2    string `json:"apiKey2"`
	APISecret1 string `json:"apiSecret1"`
	APISecret2 string `json:"apiSecret2"`
}

// Management are the headers of a management call.
func Management() H { return H{"ManagementKey": ManagementKey} }

// Public are the headers of a browser call with a.
func (a App) Public() H { return H{"ApiKey": a.APIKey1} }

// Secret are the headers of a backend call with a.
func (a App) Secret() H { return H{"ApiSecret": a.APISecret1} }

// CreateApp creates application id through the management API; body is the
// create request (nil for the defaults) and the call must succeed.
func (h *Harness) CreateApp(t testing.TB, id string, body any) App {
	t.Helper()
	if body == nil {
		body = map[string]any{"adminEmail": "admin@example.com"}
	}
	resp := h.Do(t, http.MethodPost, "/admin/apps/"+id+"/create", Management(), body)
	if resp.Status != http.StatusOK {
		t.Fatalf("create app %s: %d %s", id, resp.Status, resp.Body)
	}
	var app App
	resp.JSON(t, &app)
	app.ID = id
	return app
}

// SetFeatures overwrites the plan features of app id (management API).
func (h *Harness) SetFeatures(t testing.TB, id string, features map[string]any) {
	t.Helper()
	resp := h.Do(t, http.MethodPost, "/admin/apps/"+id+"/features", Management(), features)
	if resp.Status != http.StatusNoContent {
		t.Fatalf("set features of %s: %d %s", id, resp.Status, resp.Body)
	}
}
