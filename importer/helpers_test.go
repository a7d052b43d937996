package importer_test

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"

	"passwordless/passkeys/passkeystest"
)

const (
	rpID   = "example.com"
	origin = "https://example.com"
)

// The keys of the source application, as its customers hold them.
const (
	legacyPublic = "legacyapp:public:2e728aa5986f4ba8b073a5b28a939795"
	legacySecret = "legacyapp:secret:a679563b331846c79c20b114a4f56d02"
	otherPublic  = "otherapp:public:0123456789abcdef0123456789abcdef"
	otherSecret  = "otherapp:secret:fedcba9876543210fedcba9876543210"
)

// upstreamHash hashes a secret as Passwordless.dev's
// ApiKeyUtils.HashPrivateApiKey does.
func upstreamHash(t *testing.T, secret string) string {
	t.Helper()
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	h, err := pbkdf2.Key(sha512.New, secret, salt, 10000, 16)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(salt) + ":" + base64.StdEncoding.EncodeToString(h)
}

type waUser struct{ id []byte }

func (u waUser) WebAuthnID() []byte                         { return u.id }
func (u waUser) WebAuthnName() string                       { return "ann" }
func (u waUser) WebAuthnDisplayName() string                { return "Ann" }
func (u waUser) WebAuthnCredentials() []webauthn.Credential { return nil }

// registerUpstream registers a passkey of userID with the software
// authenticator against a go-webauthn relying party, standing in for
// Passwordless.dev's Fido2NetLib: what it stores (the COSE key, counter,
// AAGUID, flags) is what upstream's Credentials row holds.
func registerUpstream(t *testing.T, a *passkeystest.Authenticator, userID string) *webauthn.Credential {
	t.Helper()
	w, err := webauthn.New(&webauthn.Config{RPID: rpID, RPDisplayName: rpID, RPOrigins: []string{origin}})
	if err != nil {
		t.Fatal(err)
	}
	u := waUser{id: []byte(userID)}
	creation, session, err := w.BeginRegistration(u, webauthn.WithExtensions(webauthn.WithExtensionCredProps()))
	if err != nil {
		t.Fatal(err)
	}
	options, _ := json.Marshal(creation.Response)
	_, resp, err := a.Create(options, origin)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(resp)
	parsed, err := protocol.ParseCredentialCreationResponseBytes(body)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := w.CreateCredential(u, *session, parsed)
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// sourceDB builds a Passwordless.dev database from the schema of
// testdata/passwordless-dev-sqlite.sql with two applications and the
// credential cred of user-1 in the first, and returns its path.
func sourceDB(t *testing.T, cred *webauthn.Credential, backupEligible any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "passwordless-dev.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ddl, err := os.ReadFile("testdata/passwordless-dev-sqlite.sql")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(string(ddl))
	aaguid := uuid.UUID(cred.Authenticator.AAGUID)
	for _, app := range []struct{ id, public, secret string }{
		{"legacyapp", legacyPublic, legacySecret}, {"otherapp", otherPublic, otherSecret}} {
		exec(`INSERT INTO AccountInfo VALUES (?, ?, '["admin@example.com"]', '2024-03-01 10:11:12.1234567', NULL)`, app.id, app.id)
		exec(`INSERT INTO AppFeatures (Tenant, EventLoggingIsEnabled, EventLoggingRetentionPeriod, MaxUsers,
  IsGenerateSignInTokenEndpointEnabled, AllowAttestation, IsMagicLinksEnabled, MagicLinkEmailMonthlyQuota)
  VALUES (?, 1, 90, NULL, 1, 0, 1, 500)`, app.id)
		exec(`INSERT INTO ApiKeys VALUES (?, ?, ?, 'register,login', 0, NULL, NULL, '2024-03-01 10:11:12')`,
			app.id, app.public[len(app.public)-4:], app.public)
		exec(`INSERT INTO ApiKeys VALUES (?, ?, ?, 'token_register,token_verify', 0, NULL, NULL, '2024-03-01 10:11:12')`,
			app.id, app.secret[len(app.secret)-4:], upstreamHash(t, app.secret))
		exec(`INSERT INTO TokenKeys VALUES (?, 1, 'AAAA', '2024-03-01 10:11:12')`, app.id)
	}
	exec(`INSERT INTO Credentials VALUES ('legacyapp', ?, 0, NULL, ?, ?, ?, 'none', '2024-03-02 09:00:00.5',
  ?, '2024-03-05 09:00:00', ?, ?, 'NO', 'Chrome, Mac OS X', 'my key', 'user-1', 0, ?, 1)`,
		cred.ID, cred.PublicKey, []byte("user-1"), cred.Authenticator.SignCount,
		uuidUpper(aaguid), rpID, origin, backupEligible)
	plain := "ann@example.com"
	hashed := sha256.Sum256([]byte("legacyapp" + "secret-alias"))
	exec(`INSERT INTO Aliases VALUES ('legacyapp', ?, 'user-1', ?)`, aliasHash("legacyapp", plain), plain)
	exec(`INSERT INTO Aliases VALUES ('legacyapp', ?, 'user-1', NULL)`, base64.StdEncoding.EncodeToString(hashed[:]))
	exec(`INSERT INTO AuthenticationConfigurations VALUES ('step-up', 'legacyapp', 'required', 300.0, 'SecurityKey,ClientDevice',
  'admin@example.com', '2024-03-03 08:00:00', NULL, NULL, NULL)`)
	exec(`INSERT INTO Authenticators VALUES ('legacyapp', ?, 1, '2024-03-01 12:00:00')`, uuidUpper(aaguid))
	exec(`INSERT INTO ApplicationEvents VALUES ('0B7E5A8C-1E2D-4F3A-9B8C-7D6E5F4A3B2C', '2024-03-02 09:00:01',
  1002, 3, 'Completed passkey registration', 'user-1', 'legacyapp', '9795', 'user-1')`)
	exec(`INSERT INTO ApplicationEvents VALUES ('1C8F6B9D-2F3E-4A4B-8C9D-8E7F6A5B4C3D', '2024-03-02 09:00:02',
  7000, 3, 'Organization created', 'admin', 'legacyapp', NULL, 'legacyapp')`)
	return path
}

// uuidUpper is a Guid as EF Core writes it to SQLite.
func uuidUpper(u uuid.UUID) string { return strings.ToUpper(u.String()) }

func aliasHash(tenant, alias string) string {
	h := sha256.Sum256([]byte(tenant + alias))
	return base64.StdEncoding.EncodeToString(h[:])
}
