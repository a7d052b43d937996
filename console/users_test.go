package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"passwordless/api/apitest"
	"passwordless/console"
	"passwordless/passkeys/passkeystest"
	"passwordless/server"
)

// registerUser registers a passkey for userID in the app of keys over the
// API, as a customer's backend and page would.
func registerUser(t *testing.T, b *browser, keys map[string]string, userID string, body map[string]any) {
	t.Helper()
	registerWith(t, b, keys, userID, body, passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone))
}

// registerWith is registerUser with the given authenticator.
func registerWith(t *testing.T, b *browser, keys map[string]string, userID string, body map[string]any, auth *passkeystest.Authenticator) {
	t.Helper()
	body["userId"], body["username"] = userID, userID+"@example.com"
	raw, _ := json.Marshal(body)
	tok := b.do(t, http.MethodPost, "/register/token", strings.NewReader(string(raw)),
		map[string]string{"ApiSecret": keys["api-secret-1"], "Content-Type": "application/json"})
	var token struct{ Token string }
	_ = json.Unmarshal([]byte(tok.Body), &token)
	call := func(path string, body any) map[string]json.RawMessage {
		raw, _ := json.Marshal(body)
		p := b.do(t, http.MethodPost, path, strings.NewReader(string(raw)),
			map[string]string{"ApiKey": keys["api-key-1"], "Content-Type": "application/json"})
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, p.Status, p.Body)
		}
		var out map[string]json.RawMessage
		_ = json.Unmarshal([]byte(p.Body), &out)
		return out
	}
	begun := call("/register/begin", map[string]string{"token": token.Token, "RPID": "shop.test", "Origin": "https://shop.test"})
	_, att, err := auth.Create(begun["data"], "https://shop.test")
	if err != nil {
		t.Fatal(err)
	}
	call("/register/complete", map[string]any{"session": unquote(begun["session"]), "response": att, "RPID": "shop.test", "Origin": "https://shop.test"})
}

func TestUsers_SearchInspectAndDelete(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{"aliases": []string{"alice@shop.test"}, "aliasHashing": false})
	registerUser(t, b, keys, "u2", map[string]any{})
	for _, tc := range []struct{ query, want, not string }{
		{"", "u2", ""},
		{"ALICE", "alice@shop.test", "/users/u2"},
		{"u2", "/users/u2", "/users/u1"},
		{"nobody", "No users match", "/users/u1"},
	} {
		p := b.get(t, "/console/apps/acmeapp/users?q="+tc.query)
		if p.Status != http.StatusOK || !strings.Contains(p.Body, tc.want) || (tc.not != "" && strings.Contains(p.Body, tc.not)) {
			t.Errorf("search %q: %d, want %q and not %q in %.800s", tc.query, p.Status, tc.want, tc.not, p.Body)
		}
	}
	user := b.get(t, "/console/apps/acmeapp/users/u1")
	ids := regexpAll(`/credentials/([A-Za-z0-9_-]+)/delete`, user.Body)
	if len(ids) != 1 {
		t.Fatalf("u1's passkeys = %v", ids)
	}
	csrf := csrfOf(t, user)
	if p := b.post(t, "/console/apps/acmeapp/users/u2/credentials/"+ids[0]+"/delete", csrf, nil); p.Status != http.StatusNotFound {
		t.Errorf("delete of u1's passkey as u2's: %d, want 404", p.Status)
	}
	wantRedirect(t, "delete passkey", b.post(t, "/console/apps/acmeapp/users/u1/credentials/"+ids[0]+"/delete", csrf, url.Values{"confirm": {"yes"}}),
		http.StatusSeeOther, "/console/apps/acmeapp/users/u1")
	if p := b.get(t, "/console/apps/acmeapp/users/u1"); !strings.Contains(p.Body, "no passkeys") {
		t.Errorf("u1 after the delete: %.500s", p.Body)
	}
	wantRedirect(t, "delete user", b.post(t, "/console/apps/acmeapp/users/u2/delete", csrf, url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "/console/apps/acmeapp/users")
	if p := b.get(t, "/console/apps/acmeapp/users"); strings.Contains(p.Body, "/users/u2") {
		t.Error("u2 is still listed")
	}
	events := b.get(t, "/console/apps/acmeapp/events").Body
	if !strings.Contains(events, "Deleted user u2") || !strings.Contains(events, "Deleted credential") {
		t.Errorf("events page lacks the deletions: %.800s", events)
	}
	// The passkey's deletion is the user's: the log filtered by u1 shows
	// it, filtered by u2 it does not.
	if p := b.get(t, "/console/apps/acmeapp/events?user=u1"); !strings.Contains(p.Body, "Deleted credential "+ids[0]) {
		t.Errorf("the log of u1 lacks its passkey's deletion: %.800s", p.Body)
	}
	if p := b.get(t, "/console/apps/acmeapp/events?user=u2"); strings.Contains(p.Body, "Deleted credential") {
		t.Errorf("the log of u2 shows u1's passkey deletion")
	}
}

func TestUsers_Paged(t *testing.T) {
	defer console.SetUsersPerPage(1)()
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	registerUser(t, b, keys, "u1", map[string]any{})
	registerUser(t, b, keys, "u2", map[string]any{})
	first := b.get(t, "/console/apps/acmeapp/users")
	if !strings.Contains(first.Body, "/users/u1") || strings.Contains(first.Body, "/users/u2") || !strings.Contains(first.Body, "after=u1") {
		t.Fatalf("first page: %.800s", first.Body)
	}
	second := b.get(t, "/console/apps/acmeapp/users?after=u1")
	if !strings.Contains(second.Body, "/users/u2") || strings.Contains(second.Body, "/users/u1\"") || strings.Contains(second.Body, "Next") {
		t.Errorf("second page: %.800s", second.Body)
	}
}

// TestUsers_DetailShowsAliasesProviderAndBackup: a user's page lists their
// aliases (plaintext ones readable, hashed ones counted) and, per passkey,
// the provider named from the AAGUID and both backup flags in words.
func TestUsers_DetailShowsAliasesProviderAndBackup(t *testing.T) {
	h := newHarness(t)
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	model := func(aaguid string, eligible, backedUp bool) *passkeystest.Authenticator {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		if aaguid != "" {
			a.AAGUID = uuid.MustParse(aaguid)
		}
		a.BackupEligible, a.BackedUp = eligible, backedUp
		return a
	}
	tests := []struct {
		user    string
		body    map[string]any
		auth    *passkeystest.Authenticator
		want    []string
		notWant string
	}{
		{"synced", map[string]any{"aliases": []string{"alice@shop.test", "al"}, "aliasHashing": false},
			model("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", true, true),
			[]string{"<li>alice@shop.test</li>", "<li>al</li>", "Google Password Manager", "Synced passkey"}, "hashed"},
		{"eligible", map[string]any{"aliases": []string{"bob@shop.test"}},
			model("bada5566-a7aa-401f-bd96-45619a55120d", true, false),
			[]string{"1 hashed alias", "1Password", "Can sync, not synced yet"}, "bob@shop.test"},
		{"device-bound", map[string]any{}, model("", false, false),
			[]string{"This user has no aliases.", "Unknown authenticator", "This device only"}, "Synced passkey"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			registerWith(t, b, keys, tt.user, tt.body, tt.auth)
			p := b.get(t, "/console/apps/acmeapp/users/"+tt.user)
			for _, want := range tt.want {
				if !strings.Contains(p.Body, want) {
					t.Errorf("user page lacks %q: %.2000s", want, p.Body)
				}
			}
			if strings.Contains(p.Body, tt.notWant) {
				t.Errorf("user page shows %q", tt.notWant)
			}
		})
	}
	// The users list finds a user by a plaintext alias, not by a hashed one.
	if p := b.get(t, "/console/apps/acmeapp/users?q=ALICE@shop"); !strings.Contains(p.Body, "/users/synced") || strings.Contains(p.Body, "/users/eligible") {
		t.Errorf("search by alias: %.1000s", p.Body)
	}
	if p := b.get(t, "/console/apps/acmeapp/users?q=bob@shop"); strings.Contains(p.Body, "/users/eligible") {
		t.Error("a hashed alias is searchable")
	}
}

// TestUsers_ProviderFromMetadataWithItsIcon: with a FIDO metadata file, a
// model the community list does not know is named from the metadata, with
// its data: URI icon (the CSP allows img-src data:); the community list
// still wins for the models it knows.
func TestUsers_ProviderFromMetadataWithItsIcon(t *testing.T) {
	h := apitest.New(t, apitest.Options{Configure: func(c *server.Config) {
		c.PublicURL, c.MetadataPath = origin, "../authenticators/testdata/mds.json"
	}})
	b := owner(t, h, "Acme", "owner@acme.test")
	keys := codes(b.createApp(t, "acmeapp"))
	for user, aaguid := range map[string]string{"zeta": zetaKey, "alpha": "08987058-cadc-4b81-b6e1-30de50dcbe96"} {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		a.AAGUID = uuid.MustParse(aaguid)
		registerWith(t, b, keys, user, map[string]any{}, a)
	}
	if p := b.get(t, "/console/apps/acmeapp/users/zeta"); !strings.Contains(p.Body, `<img src="data:image/png;base64,iVBORw0KGgo=" alt=""`) ||
		!strings.Contains(p.Body, "Zeta Security Key") {
		t.Errorf("zeta's page lacks the metadata name and icon: %.2000s", p.Body)
	}
	if p := b.get(t, "/console/apps/acmeapp/users/alpha"); !strings.Contains(p.Body, "Windows Hello") || strings.Contains(p.Body, "Alpha Platform") {
		t.Errorf("alpha's page: want the community name: %.2000s", p.Body)
	}
}
