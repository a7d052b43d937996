package passkeys

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passwordless/problems"
	"passwordless/storage/storagetest"
)

// testSessionStore is the SessionStore contract: a value is taken at most
// once, even by concurrent takers, and is gone after its TTL.
func testSessionStore(t *testing.T, s SessionStore, advance func(time.Duration)) {
	ctx := context.Background()
	if err := s.Put(ctx, "k1", []byte("v1"), time.Minute); err != nil {
		t.Fatal(err)
	}
	v, ok, err := s.Take(ctx, "k1")
	if err != nil || !ok || string(v) != "v1" {
		t.Fatalf("Take = %q %v %v, want v1", v, ok, err)
	}
	if _, ok, err := s.Take(ctx, "k1"); err != nil || ok {
		t.Errorf("a taken value taken again = %v, %v; want not found, no error", ok, err)
	}
	if _, ok, err := s.Take(ctx, "never"); err != nil || ok {
		t.Errorf("an unknown key = %v, %v; want not found, no error", ok, err)
	}

	_ = s.Put(ctx, "k2", []byte("v2"), time.Minute)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok, _ := s.Take(ctx, "k2"); ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d concurrent takes succeeded, want 1", wins.Load())
	}

	if advance != nil {
		_ = s.Put(ctx, "k3", []byte("v3"), 100*time.Millisecond)
		advance(300 * time.Millisecond)
		if _, ok, err := s.Take(ctx, "k3"); err != nil || ok {
			t.Errorf("a value past its TTL = %v, %v; want not found, no error", ok, err)
		}
	}
}

func TestMemorySessions(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	testSessionStore(t, NewMemorySessions(clock), func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() })
}

func TestRedisSessions(t *testing.T) {
	client, prefix := storagetest.Redis(t)
	testSessionStore(t, NewRedisSessions(client, prefix), func(d time.Duration) { time.Sleep(d) })
}

func TestCheckSessionValue(t *testing.T) {
	valid := SessionPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	tests := []struct {
		value string
		want  problems.Code
	}{
		{"", problems.MissingToken},
		{"verify_abc", problems.InvalidToken},
		{"session_", problems.InvalidTokenFormat},
		{"session_!!!", problems.InvalidTokenFormat},
		{"session_QUJD", problems.InvalidTokenFormat},
		{valid, ""},
		{"SESSION_" + valid[len(SessionPrefix):], ""},
	}
	for _, tt := range tests {
		_, err := checkSessionValue(tt.value)
		var got problems.Code
		if p, ok := err.(*problems.Error); ok {
			got = p.Code
		} else if err != nil {
			got = "other"
		}
		if got != tt.want {
			t.Errorf("checkSessionValue(%q) = %v, want %q", tt.value, err, tt.want)
		}
	}
}
