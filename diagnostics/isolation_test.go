package diagnostics

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

const isolationDay = "2026-02-03"

func isolationFailure(tenant string) ceremonyFailureRow {
	return ceremonyFailureRow{Tenant: tenant, SessionHash: "hash", UserID: "alice", Ceremony: "signin",
		ErrorCode: "passkey_no_credentials", Action: "fallback", Device: "ua:ios/safari", ReportedAt: isolationAt}
}

// TestStore_DifferentTenantSeesNothing calls every Store method as tenant
// b after tenant a counted a failure, kept a sample and marked its user
// "alice" as failed and skipping, on SQLite and PostgreSQL.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, s *Store, b string) (any, error)
	key := func(tenant string) counterKey {
		return counterKey{tenant, isolationDay, "signin", "web", "passkey_not_allowed"}
	}
	storagetest.Isolation[*Store]{
		Recv: "Store",
		Open: func(db *gorm.DB) *Store { return &Store{db: db} },
		Seed: func(t *testing.T, s *Store, a, _ string) {
			ctx := t.Context()
			for _, err := range []error{
				s.addCounts(ctx, map[counterKey]int64{key(a): 3}),
				s.putSample(ctx, sampleRow{Tenant: a, Slot: 7, ReceivedAt: isolationAt, ErrorCode: "passkey_not_allowed", Report: `{"name":"NotAllowedError"}`}),
				s.markFailure(ctx, a, "alice", "passkey_not_allowed", "fallback", isolationAt),
				s.skip(ctx, a, "alice", isolationAt),
				s.putCeremonyFailure(ctx, isolationFailure(a)),
				s.suppress(ctx, a, "alice", "ua:ios/safari", isolationAt.Add(time.Hour)),
			} {
				if err != nil {
					t.Fatal(err)
				}
			}
		},
		Expect: func(t *testing.T, s *Store, a string) {
			ctx := t.Context()
			rows, err := s.counts(ctx, a, isolationDay, isolationDay)
			if err != nil || len(rows) != 1 || rows[0].Count != 3 {
				t.Errorf("a's counters afterwards = %+v %v, want one row of 3", rows, err)
			}
			samples, err := s.samples(ctx, a)
			if err != nil || len(samples) != 1 || samples[0].Slot != 7 {
				t.Errorf("a's samples afterwards = %+v %v", samples, err)
			}
			u, err := s.countSignIn(ctx, a, "alice")
			if err != nil || u.FailedAt == nil || u.FailureAction != "fallback" || u.SkippedAt == nil || u.SignInsSinceSkip != 1 {
				t.Errorf("a's user afterwards = %+v %v", u, err)
			}
			if on, err := s.suppressed(ctx, a, "alice", "ua:ios/safari", isolationAt); err != nil || !on {
				t.Errorf("a's suppression afterwards = %v %v", on, err)
			}
			f, err := s.takeCeremonyFailure(ctx, a, "hash", isolationAt.Add(-time.Hour))
			if err != nil || f == nil || f.UserID != "alice" || f.ErrorCode != "passkey_no_credentials" {
				t.Errorf("a's ceremony failure afterwards = %+v %v", f, err)
			}
		},
		Cases: map[string]call{
			"addCounts": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.addCounts(ctx, map[counterKey]int64{key(b): 5})
			},
			"counts": func(ctx context.Context, s *Store, b string) (any, error) {
				return s.counts(ctx, b, isolationDay, isolationDay)
			},
			"countRows": func(ctx context.Context, s *Store, b string) (any, error) { return s.countRows(ctx, b) },
			"putSample": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.putSample(ctx, sampleRow{Tenant: b, Slot: 7, ReceivedAt: isolationAt, ErrorCode: "x", Report: "{}"})
			},
			"samples": func(ctx context.Context, s *Store, b string) (any, error) { return s.samples(ctx, b) },
			"markFailure": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.markFailure(ctx, b, "alice", "passkey_unknown", "none", isolationAt)
			},
			"claimEvent": func(ctx context.Context, s *Store, b string) (any, error) {
				// b's own first claim succeeds: a's event of alice is not b's.
				claimed, err := s.claimEvent(ctx, b, "alice", "passkey_not_allowed", isolationAt, isolationAt.Add(-time.Minute))
				return !claimed, err
			},
			"putCeremonyFailure": func(ctx context.Context, s *Store, b string) (any, error) {
				f := isolationFailure(b)
				f.UserID, f.ErrorCode = "mallory", "passkey_not_supported"
				return nil, s.putCeremonyFailure(ctx, f)
			},
			"takeCeremonyFailure": func(ctx context.Context, s *Store, b string) (any, error) {
				return s.takeCeremonyFailure(ctx, b, "hash", isolationAt.Add(-time.Hour))
			},
			"suppress": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.suppress(ctx, b, "alice", "ua:ios/safari", isolationAt.Add(-time.Hour))
			},
			"suppressed": func(ctx context.Context, s *Store, b string) (any, error) {
				return s.suppressed(ctx, b, "alice", "ua:ios/safari", isolationAt)
			},
			"countSignIn": func(ctx context.Context, s *Store, b string) (any, error) {
				u, err := s.countSignIn(ctx, b, "carol") // b's own new user: nothing of a's in it
				return struct {
					failedAt, skippedAt *time.Time
					action              string
				}{u.FailedAt, u.SkippedAt, u.FailureAction}, err
			},
			"skip": func(ctx context.Context, s *Store, b string) (any, error) {
				return nil, s.skip(ctx, b, "alice", isolationAt)
			},
		},
		Exempt: map[string]string{
			"conn":               "returns the connection; reads and writes nothing",
			"deleteCountsBefore": "the retention sweep over every tenant, by day",
			"purgePromptState":   "the retention sweep over every tenant, by time",
		},
	}.Run(t)
}
