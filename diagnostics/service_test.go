package diagnostics

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"passwordless/internal/clocktest"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// eachDB runs fn over SQLite and, with TEST_DATABASE_URL, PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storagetest.SQLite(t)) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, storagetest.Postgres(t)) })
	}
}

// TestService_StorageStaysBounded sends 100 000 reports of 20 shapes over
// two days and counts the rows they leave: counters per app × day ×
// ceremony × platform × errorCode, at most SampleSlots samples.
func TestService_StorageStaysBounded(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		clock := clocktest.New(time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC))
		store := NewStore(db)
		s := New(Options{Store: store, Now: clock.Now})
		ctx := context.Background()
		shapes := []map[string]any{
			{"name": "NotAllowedError"}, {"name": "AbortError"}, {"name": "InvalidStateError"}, {"name": "SecurityError"},
			{"domain": "ASAuthorizationErrorDomain", "code": float64(1001)}, {"domain": "ASAuthorizationErrorDomain", "code": float64(1005)},
			{"type": "androidx.credentials.exceptions.NoCredentialException"}, {"from": "client", "title": "Failed to fetch"},
			{"statusCode": "error-1004"}, {"foo": "bar"},
		}
		const reports = 100_000
		for i := 0; i < reports; i++ {
			ceremony := []string{"register", "signin"}[i%2]
			if i == reports/2 {
				clock.Advance(2 * time.Hour) // the next day
			}
			if i%1000 == 0 {
				clock.Advance(time.Second) // let samples through now and then
			}
			if _, err := s.Report(ctx, "bounded", Input{Ceremony: ceremony, Error: shapes[i%len(shapes)]}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Summary(ctx, "bounded", "", ""); err != nil { // flushes
			t.Fatal(err)
		}
		counters, err := store.countRows(ctx, "bounded")
		if err != nil {
			t.Fatal(err)
		}
		samples, err := store.samples(ctx, "bounded")
		if err != nil {
			t.Fatal(err)
		}
		// Report i has shape i%10 and ceremony i%2 (so each shape comes with one ceremony), each
		// shape is one (errorCode, platform): 10 keys a day, 2 days, 20 rows.
		t.Logf("%d reports left %d counter rows and %d samples", reports, counters, len(samples))
		if counters != 20 || len(samples) > SampleSlots || len(samples) == 0 {
			t.Errorf("%d counter rows, %d samples: storage is not bounded", counters, len(samples))
		}
		rows, err := store.counts(ctx, "bounded", "2026-03-01", "2026-03-02")
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, r := range rows {
			total += r.Count
		}
		if total != reports {
			t.Errorf("counted %d reports, sent %d", total, reports)
		}
	})
}

func TestService_PurgeKeepsCountersForTheirRetention(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		clock := clocktest.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		store := NewStore(db)
		s := New(Options{Store: store, Now: clock.Now})
		ctx := context.Background()
		for _, day := range []string{"2025-01-24", "2025-01-25", "2026-03-01"} {
			if err := store.addCounts(ctx, map[counterKey]int64{{"kept", day, "signin", "web", "passkey_unknown"}: 1}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.Purge(ctx) // 400 days before 2026-03-01 is 2025-01-25
		if err != nil || n != 1 {
			t.Fatalf("purged %d rows (%v), want 1", n, err)
		}
		if rows, _ := store.countRows(ctx, "kept"); rows != 2 {
			t.Errorf("%d rows left, want 2", rows)
		}
	})
}

func TestSanitize_DropsSecretsAndTokens(t *testing.T) {
	raw := map[string]any{
		"name":    "NotAllowedError",
		"message": "failed with session_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA and key app:public:0123456789abcdef0123456789abcdef",
		"token":   "verify_abc", "apiSecret": "x",
		"nested": map[string]any{"Challenge": "abc", "jwt": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiIxIn0.sig"},
		"long":   strings.Repeat("x", 2000),
	}
	got := sanitize(raw)
	for _, leak := range []string{"session_AAAA", "0123456789abcdef", "verify_abc", `"x"`, "eyJ", `"abc"`} {
		if strings.Contains(got, leak) {
			t.Errorf("sample leaks %q: %s", leak, got)
		}
	}
	if !strings.Contains(got, "NotAllowedError") || len(got) > sampleMaxBytes {
		t.Errorf("sample lost the error or is too long (%d bytes): %s", len(got), got)
	}
	deep := map[string]any{}
	cur := deep
	for i := 0; i < 50; i++ {
		next := map[string]any{}
		cur[fmt.Sprint("k", i)] = next
		cur = next
	}
	if got := sanitize(deep); !strings.Contains(got, "[depth]") {
		t.Errorf("deep sample not cut: %s", got)
	}
}
