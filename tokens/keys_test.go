package tokens

import (
	"context"
	"strings"
	"testing"
	"time"

	"passwordless/problems"
)

const day = 24 * time.Hour

// TestService_KeyRotation follows one tenant's keys through upstream's
// schedule: one key for a week, old keys verify for 30 days, then go.
func TestService_KeyRotation(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := NewMemoryStore()
	s := newTestService(t, store, c)
	long := Verified{UserID: "u1", ExpiresAt: c.Now().Add(90 * day)}

	first, err := s.IssueVerify(ctx, "app1", long)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(3 * day)
	second, _ := s.IssueVerify(ctx, "app1", long)
	if kidOf(t, first) != kidOf(t, second) {
		t.Errorf("a 3-day-old key was replaced: kids %s and %s", kidOf(t, first), kidOf(t, second))
	}

	c.Advance(17 * day) // day 20
	if _, err := s.ParseVerify(ctx, "app1", first); err != nil {
		t.Fatalf("token of a 20-day-old key: %v", err)
	}
	third, _ := s.IssueVerify(ctx, "app1", long)
	if kidOf(t, third) == kidOf(t, first) {
		t.Error("a 20-day-old key still signs")
	}
	if keys, _ := store.Keys(ctx, "app1"); len(keys) != 2 {
		t.Errorf("store holds %d keys after one rotation, want 2", len(keys))
	}

	c.Advance(11 * day) // day 31: the first key is past KeepFor
	_, err = s.ParseVerify(ctx, "app1", first)
	wantCode(t, err, problems.InvalidToken)
	if _, err := s.ParseVerify(ctx, "app1", third); err != nil {
		t.Errorf("token of an 11-day-old key: %v", err)
	}

	// The next signature rotates again and purges keys past 30 days.
	if _, err := s.IssueVerify(ctx, "app1", long); err != nil {
		t.Fatal(err)
	}
	keys, _ := store.Keys(ctx, "app1")
	if len(keys) == 0 {
		t.Fatal("no key left")
	}
	for _, k := range keys {
		if age := c.Now().Sub(k.CreatedAt); age > KeepFor {
			t.Errorf("key %d is %v old, past KeepFor", k.ID, age)
		}
	}
}

// TestService_KeysSharedAcrossInstances shows that instances over one
// store verify each other's tokens, including keys made after their cache
// was filled.
func TestService_KeysSharedAcrossInstances(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := NewMemoryStore()
	a := newTestService(t, store, c)
	b := newTestService(t, store, c)
	long := Verified{UserID: "u1", ExpiresAt: c.Now().Add(60 * day)}

	tokA, _ := a.IssueVerify(ctx, "app1", long)
	if _, err := b.ParseVerify(ctx, "app1", tokA); err != nil {
		t.Fatalf("b rejects a's token: %v", err)
	}
	c.Advance(8 * day)
	tokA2, _ := a.IssueVerify(ctx, "app1", long) // a rotates; b's cache is stale
	if _, err := b.ParseVerify(ctx, "app1", tokA2); err != nil {
		t.Fatalf("b rejects a's token of a new key: %v", err)
	}
	tokB, _ := b.IssueVerify(ctx, "app1", long)
	if kidOf(t, tokB) != kidOf(t, tokA2) {
		t.Error("b made its own key instead of using the one a rotated to")
	}
}

func TestService_TenantsHaveTheirOwnKeys(t *testing.T) {
	ctx := context.Background()
	store := NewMemoryStore()
	s := newTestService(t, store, newClock())
	_, _ = s.IssueVerify(ctx, "app1", Verified{UserID: "u"})
	_, _ = s.IssueVerify(ctx, "app2", Verified{UserID: "u"})
	k1, _ := store.Keys(ctx, "app1")
	k2, _ := store.Keys(ctx, "app2")
	if len(k1) != 1 || len(k2) != 1 {
		t.Fatalf("keys per tenant = %d, %d; want 1 each", len(k1), len(k2))
	}
}

// countingStore counts Key lookups.
type countingStore struct {
	*MemoryStore
	lookups int
}

func (c *countingStore) Key(ctx context.Context, tenant string, id int64) (Key, error) {
	c.lookups++
	return c.MemoryStore.Key(ctx, tenant, id)
}

// TestService_ForgedKidsAreNegativelyCached: repeating a token with an
// unknown kid reaches the store once a minute, not once per request.
func TestService_ForgedKidsAreNegativelyCached(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := &countingStore{MemoryStore: NewMemoryStore()}
	s := newTestService(t, store, c)
	tok, _ := s.IssueVerify(ctx, "app1", Verified{UserID: "u"})
	parts := strings.Split(strings.TrimPrefix(tok, VerifyPrefix), ".")
	forged := VerifyPrefix + rewriteKid(t, parts[0], "424242") + "." + parts[1] + "." + parts[2]
	for range 5 {
		_, err := s.ParseVerify(ctx, "app1", forged)
		wantCode(t, err, problems.InvalidToken)
	}
	if store.lookups != 1 {
		t.Errorf("5 forged tokens cost %d store lookups, want 1", store.lookups)
	}
	c.Advance(2 * missTTL)
	_, err := s.ParseVerify(ctx, "app1", forged)
	wantCode(t, err, problems.InvalidToken)
	if store.lookups != 2 {
		t.Errorf("after the miss expired: %d lookups, want 2", store.lookups)
	}
}
