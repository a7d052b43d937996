package passkeys

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

func TestHashAlias(t *testing.T) {
	// Expected values computed outside Go (Python hashlib):
	// base64(sha256(tenant + alias)), standard alphabet, padded.
	tests := []struct{ tenant, alias, want string }{
		{"app1", "anders@example.com", "hjVL0qubgoIFMYLQUDkWCOVANRhqhrd2hx9J9Nc26+k="},
	}
	for _, tt := range tests {
		if got := HashAlias(tt.tenant, tt.alias); got != tt.want {
			t.Errorf("HashAlias(%q, %q) = %q, want %q", tt.tenant, tt.alias, got, tt.want)
		}
	}
	if HashAlias("app1", "a") == HashAlias("app2", "a") {
		t.Error("one alias hashes the same in two tenants")
	}
	if HashAlias("app1", "A") == HashAlias("app1", "a") {
		t.Error("aliases are normalised; upstream keeps case")
	}
}

// TestStore_Aliases runs the alias rules on SQLite and PostgreSQL.
func TestStore_Aliases(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		now := time.Now()
		a, b := Alias{Hash: "h-a", Plaintext: ptr("a")}, Alias{Hash: "h-b"}
		if err := s.setAliases(ctx, "t1", "u1", []Alias{a, b}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.setAliases(ctx, "t1", "u2", []Alias{b}, now); !errors.Is(err, errAliasTaken) {
			t.Errorf("claiming another user's alias = %v, want errAliasTaken", err)
		}
		if err := s.setAliases(ctx, "t2", "u2", []Alias{b}, now); err != nil {
			t.Errorf("the same alias in another tenant = %v", err)
		}
		// Replacing keeps what stays, drops the rest and is idempotent.
		for range 2 {
			if err := s.setAliases(ctx, "t1", "u1", []Alias{b}, now); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.aliasesOfUser(ctx, "t1", "u1")
		if len(got) != 1 || got[0].Hash != "h-b" {
			t.Errorf("aliases after replacement = %+v, want only h-b", got)
		}
		if err := s.setAliases(ctx, "t1", "u2", []Alias{a}, now); err != nil {
			t.Errorf("a released alias cannot be claimed: %v", err)
		}
		// A failed replacement changes nothing.
		if err := s.setAliases(ctx, "t1", "u2", []Alias{{Hash: "h-c"}, b}, now); !errors.Is(err, errAliasTaken) {
			t.Fatalf("replacement with a taken alias = %v", err)
		}
		if got, _ := s.aliasesOfUser(ctx, "t1", "u2"); len(got) != 1 || got[0].Hash != "h-a" {
			t.Errorf("a failed replacement changed the aliases: %+v", got)
		}
	})
}

// TestStore_AliasRace has several users claim one alias at once: exactly
// one wins, whatever the database.
func TestStore_AliasRace(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		s := &store{db: db}
		for round := range 5 {
			alias := Alias{Hash: "race-" + string(rune('a'+round))}
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = s.setAliases(context.Background(), "t1", "user"+string(rune('0'+i)), []Alias{alias}, time.Now())
				}()
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, errAliasTaken):
					t.Errorf("round %d: unexpected error %v", round, err)
				}
			}
			if won != 1 {
				t.Errorf("round %d: %d claims won, want exactly 1", round, won)
			}
		}
	})
}
