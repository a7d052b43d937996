package api_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/api/apitest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tracelog"
)

func TestSigninVerify_Errors(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "verifyerr")
	other := newBrowser(t, h, "verifyother")
	tests := []struct {
		name       string
		token      string
		wantStatus int
		wantCode   string
	}{
		{"no token", "", 400, "missing_token"},
		{"register token", b.registerToken(t, map[string]any{"userId": "u", "username": "u"}), 400, "invalid_token"},
		{"not decodable", "verify_abc", 400, "invalid_token_format"},
		{"another application's token", generate(t, other, "u"), 400, "invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Do(t, http.MethodPost, "/signin/verify", b.app.Secret(), map[string]any{"token": tt.token})
			wantProblem(t, resp, tt.wantStatus, tt.wantCode)
		})
	}
}

// TestGenerateToken_ExpiresAsUpstream is upstream's test: ttl 120, clock
// +130 s, verify → 403 "The token expired 10 seconds ago.".
func TestGenerateToken_ExpiresAsUpstream(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "gen")
	resp := h.Do(t, http.MethodPost, "/signin/generate-token", b.app.Secret(), map[string]any{"userId": "anyone", "timeToLive": 120})
	tok := tokenOf(t, resp, "verify_")
	v := b.verify(t, tok)
	if v["type"] != "generated_signin" || v["userId"] != "anyone" || v["credentialId"] != nil || v["purpose"] != "sign-in" {
		t.Errorf("verify = %v", v)
	}
	if again := b.verify(t, tok); again["tokenId"] != v["tokenId"] {
		t.Error("a verify token did not verify twice")
	}
	h.Clock.Advance(130 * time.Second)
	r := h.Do(t, http.MethodPost, "/signin/verify", b.app.Secret(), map[string]any{"token": tok})
	if p := wantProblem(t, r, 403, "expired_token"); p["title"] != "The token expired 10 seconds ago." {
		t.Errorf("title = %q", p["title"])
	}
}

func TestGenerateToken_Rules(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "genrules")
	for _, tt := range []struct {
		name     string
		body     map[string]any
		wantCode string
	}{
		{"no userId", map[string]any{}, "validation_failed"},
		{"ttl 0", map[string]any{"userId": "u", "timeToLive": 0}, "validation_failed"},
		{"ttl above a week", map[string]any{"userId": "u", "timeToLive": 604801}, "validation_failed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, h.Do(t, http.MethodPost, "/signin/generate-token", b.app.Secret(), tt.body), 400, tt.wantCode)
		})
	}
	t.Run("a week is allowed", func(t *testing.T) {
		r := h.Do(t, http.MethodPost, "/signin/generate-token", b.app.Secret(), map[string]any{"userId": "u", "timeToLive": "604800"})
		tokenOf(t, r, "verify_")
	})
	t.Run("disabled for the application", func(t *testing.T) {
		disableGenerate(t, h, b.app.ID)
		r := h.Do(t, http.MethodPost, "/signin/generate-token", b.app.Secret(), map[string]any{"userId": "u"})
		if p := wantProblem(t, r, 403, "generate_token_disabled"); p["title"] != "The 'POST /signin/generate-token' endpoint is disabled" {
			t.Errorf("title = %q", p["title"])
		}
	})
}

// TestSignin_KeysRotateAndPurge is upstream's: 31 days after registering,
// a sign-in leaves only token keys younger than 30 days, at least one.
func TestSignin_KeysRotateAndPurge(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "rotate")
	b.register(t, "user-1", nil)
	h.Clock.Advance(31 * 24 * time.Hour)
	r := b.signin(t, map[string]any{"userId": "user-1"})
	b.verify(t, tokenOf(t, r, "verify_"))
	var created []time.Time
	if err := h.Server.DB.Gorm.Table("token_keys").Where("tenant = ?", "rotate").Pluck("created_at", &created).Error; err != nil {
		t.Fatal(err)
	}
	if len(created) == 0 {
		t.Fatal("no token key left")
	}
	for _, c := range created {
		if h.Clock.Now().Sub(c) > 30*24*time.Hour {
			t.Errorf("a key created %v survived past 30 days", c)
		}
	}
}

// TestCeremonies_SQLStatements pins the database cost of the hot path once
// the tenant and its token key are cached: at most 2 statements for each
// begin and complete, none for /signin/verify (DESIGN.md §8), on SQLite
// and, when TEST_DATABASE_URL is set, on PostgreSQL.
func TestCeremonies_SQLStatements(t *testing.T) {
	for _, db := range []struct {
		name string
		open func(testing.TB) *storage.DB
	}{{"sqlite", storagetest.SQLite}, {"postgres", storagetest.Postgres}} {
		t.Run(db.name, func(t *testing.T) { ceremonyStatements(t, apitest.Options{DB: db.open(t)}) })
	}
}

func ceremonyStatements(t *testing.T, opts apitest.Options) {
	h := apitest.New(t, opts)
	b := newBrowser(t, h, "sqlcount")
	b.register(t, "warm-up", nil) // caches the app, its keys and the token key
	var n atomic.Int64
	cb := h.Server.DB.Gorm.Callback()
	// Only the requests' statements count: the server's background jobs
	// (the webhook worker polls every second) share the handle, and on a
	// slow machine a poll lands inside a measured request.
	count := func(db *gorm.DB) {
		if tracelog.TraceID(db.Statement.Context) != "" {
			n.Add(1)
		}
	}
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("test:count_create", count),
		cb.Query().After("gorm:query").Register("test:count_query", count),
		cb.Update().After("gorm:update").Register("test:count_update", count),
		cb.Delete().After("gorm:delete").Register("test:count_delete", count),
		cb.Row().After("gorm:row").Register("test:count_row", count),
		cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	measure := func(name string, max int64, fn func()) {
		t.Helper()
		n.Store(0)
		fn()
		if got := n.Load(); got > max {
			t.Errorf("%s ran %d SQL statements, want at most %d", name, got, max)
		}
		t.Logf("%s: %d SQL statements", name, n.Load())
	}
	tok := b.registerToken(t, map[string]any{"userId": "u1", "username": "u"})
	var bg begun
	measure("register/begin", 2, func() { bg = b.beginRegistration(t, tok) })
	_, att := b.create(t, bg)
	var done *apitest.Response
	measure("register/complete", 2, func() { done = b.completeRegistration(t, bg.Session, att, nil) })
	measure("signin/verify", 0, func() { b.verify(t, tokenOf(t, done, "verify_")) })
	measure("signin/begin", 2, func() { bg = b.beginSignin(t, map[string]any{"userId": "u1"}) })
	_, resp, err := b.auth.Get(bg.Data, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	measure("signin/complete", 2, func() { done = b.completeSignin(t, bg.Session, resp) })
	measure("signin/verify", 0, func() { b.verify(t, tokenOf(t, done, "verify_")) })
}
