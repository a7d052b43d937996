package importer_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"passwordless/api/apitest"
	"passwordless/events"
	"passwordless/importer"
	"passwordless/passkeys/passkeystest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// eachTarget runs fn on a fresh SQLite target and, with TEST_DATABASE_URL,
// on a fresh PostgreSQL schema.
func eachTarget(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storagetest.SQLite(t)) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, storagetest.Postgres(t)) })
	}
}

func runImport(t *testing.T, h *apitest.Harness, path string, dryRun bool) *importer.Report {
	t.Helper()
	src, err := importer.OpenSource(context.Background(), "sqlite://"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	im := &importer.Importer{DB: h.Server.DB, Tenants: h.Server.Tenants, Passkeys: h.Server.Passkeys,
		Events: events.NewStore(h.Server.DB), Authenticators: h.Server.Authenticators, Now: h.Clock.Now}
	rep, err := im.Run(context.Background(), src, dryRun)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

type begun struct {
	Session string
	Data    json.RawMessage
}

// signin signs in with the authenticator through the router, using the
// public key apiKey, and returns the verify token.
func signin(t *testing.T, h *apitest.Harness, a *passkeystest.Authenticator, apiKey string, body map[string]any) *apitest.Response {
	t.Helper()
	body["RPID"], body["Origin"] = rpID, origin
	resp := h.Do(t, http.MethodPost, "/signin/begin", apitest.H{"ApiKey": apiKey}, body)
	if resp.Status != http.StatusOK {
		t.Fatalf("signin/begin: %d %s", resp.Status, resp.Body)
	}
	var bg begun
	resp.JSON(t, &bg)
	_, assertion, err := a.Get(bg.Data, origin)
	if err != nil {
		t.Fatalf("authenticator: %v", err)
	}
	return h.Do(t, http.MethodPost, "/signin/complete", apitest.H{"ApiKey": apiKey},
		map[string]any{"session": bg.Session, "response": assertion, "RPID": rpID, "Origin": origin})
}

func verify(t *testing.T, h *apitest.Harness, secret string, complete *apitest.Response) map[string]any {
	t.Helper()
	if complete.Status != http.StatusOK {
		t.Fatalf("signin/complete: %d %s", complete.Status, complete.Body)
	}
	var tok struct{ Token string }
	complete.JSON(t, &tok)
	resp := h.Do(t, http.MethodPost, "/signin/verify", apitest.H{"ApiSecret": secret}, map[string]any{"token": tok.Token})
	if resp.Status != http.StatusOK {
		t.Fatalf("signin/verify: %d %s", resp.Status, resp.Body)
	}
	var out map[string]any
	resp.JSON(t, &out)
	return out
}

// TestImport_SignInWithImportedPasskey imports a Passwordless.dev database
// and signs its user in with the passkey registered there, through the
// real router, with the application's old public key and secret.
func TestImport_SignInWithImportedPasskey(t *testing.T) {
	eachTarget(t, func(t *testing.T, db *storage.DB) {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		a.BackupEligible = true
		cred := registerUpstream(t, a, "user-1")
		path := sourceDB(t, cred, 1)
		h := apitest.New(t, apitest.Options{DB: db})
		runImport(t, h, path, false)

		for _, tt := range []struct {
			name string
			body map[string]any
		}{
			{"by user id", map[string]any{"userId": "user-1"}},
			{"by plaintext alias", map[string]any{"alias": "ann@example.com"}},
			{"by hashed alias", map[string]any{"alias": "secret-alias"}},
			{"discoverable", map[string]any{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				v := verify(t, h, legacySecret, signin(t, h, a, legacyPublic, tt.body))
				if v["userId"] != "user-1" || v["success"] != true || v["type"] != "passkey_signin" {
					t.Errorf("verify = %v", v)
				}
			})
		}
		t.Run("step-up uses the imported configuration", func(t *testing.T) {
			resp := h.Do(t, http.MethodGet, "/auth-configs/list?purpose=step-up", apitest.H{"ApiSecret": legacySecret}, nil)
			if resp.Status != http.StatusOK || !strings.Contains(string(resp.Body), `"timeToLive":300`) ||
				!strings.Contains(string(resp.Body), "SecurityKey") {
				t.Errorf("auth-configs: %d %s", resp.Status, resp.Body)
			}
		})
		t.Run("a different tenant sees nothing", func(t *testing.T) {
			resp := h.Do(t, http.MethodGet, "/credentials/list?userId=user-1", apitest.H{"ApiSecret": otherSecret}, nil)
			if resp.Status != http.StatusOK || !strings.Contains(string(resp.Body), `"values":[]`) {
				t.Errorf("other app's credentials/list: %d %s", resp.Status, resp.Body)
			}
			resp = h.Do(t, http.MethodGet, "/credentials/list?userId=user-1", apitest.H{"ApiSecret": legacySecret}, nil)
			if resp.Status != http.StatusOK || !strings.Contains(string(resp.Body), "my key") {
				t.Errorf("own credentials/list: %d %s", resp.Status, resp.Body)
			}
		})
	})
}

// TestImport_TwiceChangesNothing runs a dry run, the import and the import
// again: the dry run writes nothing and the second run creates nothing.
func TestImport_TwiceChangesNothing(t *testing.T) {
	eachTarget(t, func(t *testing.T, db *storage.DB) {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		path := sourceDB(t, registerUpstream(t, a, "user-1"), 0)
		h := apitest.New(t, apitest.Options{DB: db})

		want := map[string]importer.Counts{
			importer.TableApplications: {Source: 2, Created: 2}, importer.TableAPIKeys: {Source: 4, Created: 4},
			importer.TableCredentials: {Source: 1, Created: 1}, importer.TableAliases: {Source: 2, Created: 2},
			importer.TableConfigs: {Source: 1, Created: 1}, importer.TableEvents: {Source: 1, Created: 1},
			importer.TableAllowLists: {Source: 1, Created: 1},
		}
		dry := runImport(t, h, path, true)
		checkCounts(t, "dry run", dry, want)
		if dry.Unknown != 1 || dry.Ignored["TokenKeys"] != 2 {
			t.Errorf("dry run unknown = %d, ignored = %v", dry.Unknown, dry.Ignored)
		}
		if resp := h.Do(t, http.MethodGet, "/credentials/list?userId=user-1", apitest.H{"ApiSecret": legacySecret}, nil); resp.Status != http.StatusUnauthorized {
			t.Fatalf("after the dry run the app exists: %d %s", resp.Status, resp.Body)
		}
		checkCounts(t, "first run", runImport(t, h, path, false), want)
		again := runImport(t, h, path, false)
		for table, c := range want {
			want[table] = importer.Counts{Source: c.Source, Skipped: c.Source}
		}
		checkCounts(t, "second run", again, want)
		if again.Changed() {
			t.Error("second run changed something")
		}
		var out strings.Builder
		if err := again.Write(&out); err != nil || !strings.Contains(out.String(), "Credentials") ||
			!strings.Contains(out.String(), "Not imported: 2 rows of TokenKeys") {
			t.Errorf("report = %q, %v", out.String(), err)
		}
	})
}

func checkCounts(t *testing.T, what string, rep *importer.Report, want map[string]importer.Counts) {
	t.Helper()
	for table, w := range want {
		if got := *rep.Tables[table]; got != w {
			t.Errorf("%s: %s = %+v, want %+v", what, table, got, w)
		}
	}
}

func TestOpenSource_RefusesWhatItCannotRead(t *testing.T) {
	for _, url := range []string{"postgres://localhost/passwordless", "sqlserver://localhost", ""} {
		if _, err := importer.OpenSource(context.Background(), url); err == nil {
			t.Errorf("OpenSource(%q) succeeded", url)
		}
	}
	if _, err := importer.OpenSource(context.Background(), "sqlite://"+t.TempDir()+"/missing.db"); err == nil {
		t.Errorf("missing file: %v", err)
	}
}

// TestImport_CredentialWithoutBackupFlags signs in with a passkey upstream
// stored before it recorded the backup flags (IsBackupEligible NULL, before
// its 20231108 migration) from a synced authenticator: the first assertion
// establishes the flag instead of failing as inconsistent.
func TestImport_CredentialWithoutBackupFlags(t *testing.T) {
	eachTarget(t, func(t *testing.T, db *storage.DB) {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		a.BackupEligible, a.BackedUp = true, true
		path := sourceDB(t, registerUpstream(t, a, "user-1"), nil)
		h := apitest.New(t, apitest.Options{DB: db})
		runImport(t, h, path, false)
		for i := range 2 {
			if v := verify(t, h, legacySecret, signin(t, h, a, legacyPublic, map[string]any{"userId": "user-1"})); v["userId"] != "user-1" {
				t.Errorf("sign-in %d: verify = %v", i+1, v)
			}
		}
	})
}

// TestImport_LeavesAnotherTenantsAppOfTheSameIDAlone: an application
// created here with an id the source also has is not merged into: the
// source's keys and passkeys would otherwise reach another tenant.
func TestImport_LeavesAnotherTenantsAppOfTheSameIDAlone(t *testing.T) {
	eachTarget(t, func(t *testing.T, db *storage.DB) {
		a := passkeystest.New(passkeystest.ES256, passkeystest.AttestationNone)
		path := sourceDB(t, registerUpstream(t, a, "user-1"), 0)
		h := apitest.New(t, apitest.Options{DB: db})
		native := h.CreateApp(t, "legacyapp", nil)

		for run := range 2 {
			rep := runImport(t, h, path, false)
			if len(rep.Foreign) != 1 || rep.Foreign[0] != "legacyapp" {
				t.Fatalf("run %d: conflicting apps = %v, want [legacyapp]", run+1, rep.Foreign)
			}
			if c := *rep.Tables[importer.TableCredentials]; c.Source != 0 {
				t.Errorf("run %d: credentials = %+v, want legacyapp's left out", run+1, c)
			}
		}
		resp := h.Do(t, http.MethodGet, "/credentials/list?userId=user-1", apitest.H{"ApiSecret": legacySecret}, nil)
		if resp.Status != http.StatusUnauthorized {
			t.Errorf("the source's secret on the native app: %d %s", resp.Status, resp.Body)
		}
		resp = h.Do(t, http.MethodGet, "/credentials/list?userId=user-1", native.Secret(), nil)
		if resp.Status != http.StatusOK || !strings.Contains(string(resp.Body), `"values":[]`) {
			t.Errorf("the native app's credentials: %d %s", resp.Status, resp.Body)
		}
		// The other application of the source came in.
		if resp := h.Do(t, http.MethodGet, "/credentials/list?userId=x", apitest.H{"ApiSecret": otherSecret}, nil); resp.Status != http.StatusOK {
			t.Errorf("otherapp: %d %s", resp.Status, resp.Body)
		}
	})
}
