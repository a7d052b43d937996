package api_test

import (
	"net/http"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/server"
	"passwordless/storage/storagetest"
)

// TestReplica_UsersListReadsTheReplica wires DATABASE_REPLICA_URL to a
// second schema of the test server: /users/list answers from it (it holds
// a user the primary does not), /users/count and the credentials of a user
// from the primary.
func TestReplica_UsersListReadsTheReplica(t *testing.T) {
	replicaURL := storagetest.PostgresURL(t)
	replica := storagetest.MustOpen(t, replicaURL)
	h := apitest.New(t, apitest.Options{DB: storagetest.Postgres(t),
		Configure: func(c *server.Config) { c.DatabaseReplicaURL = replicaURL }})
	b := newBrowser(t, h, "replicated")
	b.register(t, "on-primary", nil)
	err := replica.Gorm.Exec("INSERT INTO aliases (tenant, alias_hash, user_id, plaintext, created_at) VALUES (?, ?, ?, ?, now())",
		"replicated", "h", "on-replica", "a@example.com").Error
	if err != nil {
		t.Fatal(err)
	}
	list := h.Do(t, http.MethodGet, "/users/list", b.app.Secret(), nil)
	if list.Status != http.StatusOK || !strings.Contains(string(list.Body), "on-replica") || strings.Contains(string(list.Body), "on-primary") {
		t.Errorf("/users/list = %d %s, want the replica's user only", list.Status, list.Body)
	}
	creds := h.Do(t, http.MethodGet, "/credentials/list?userId=on-primary", b.app.Secret(), nil)
	if !strings.Contains(string(creds.Body), "on-primary") {
		t.Errorf("/credentials/list = %d %s, want the primary's passkey", creds.Status, creds.Body)
	}
}
