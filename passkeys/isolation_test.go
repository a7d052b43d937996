package passkeys

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// seededID is the credential id seedTenant gives tenant a's passkey.
var seededID = testCredential("", "", 1, isolationAt).ID

func isolationCases() map[string]func(ctx context.Context, s *store, b string) (any, error) {
	return map[string]func(ctx context.Context, s *store, b string) (any, error){
		"credentialsOfUser": func(ctx context.Context, s *store, b string) (any, error) {
			return s.credentialsOfUser(ctx, b, "u1")
		},
		"credentialsOfAlias": func(ctx context.Context, s *store, b string) (any, error) {
			return s.credentialsOfAlias(ctx, b, "h")
		},
		"credential": func(ctx context.Context, s *store, b string) (any, error) {
			return s.credential(ctx, b, seededID)
		},
		"deleteCredential": func(ctx context.Context, s *store, b string) (any, error) {
			return s.deleteCredential(ctx, b, seededID)
		},
		"signedIn": func(ctx context.Context, s *store, b string) (any, error) {
			c := testCredential(b, "u1", 1, isolationAt)
			c.SignCount = 9
			return nil, s.signedIn(ctx, c)
		},
		"usersWithCredentials": func(ctx context.Context, s *store, b string) (any, error) {
			n, has, err := s.usersWithCredentials(ctx, b, "u1")
			return struct {
				n   int64
				has bool
			}{n, has}, err
		},
		"hasAnyCredential": func(ctx context.Context, s *store, b string) (any, error) {
			return s.hasAnyCredential(ctx, b)
		},
		"touchConfig": func(ctx context.Context, s *store, b string) (any, error) {
			return nil, s.touchConfig(ctx, b, "p", isolationAt)
		},
		"setAliases": func(ctx context.Context, s *store, b string) (any, error) {
			// a's alias is not taken in b.
			return nil, s.setAliases(ctx, b, "u2", []Alias{{Hash: "h"}}, isolationAt)
		},
		"aliasOwners": func(ctx context.Context, s *store, b string) (any, error) {
			return s.aliasOwners(ctx, b, []string{"h"})
		},
		"aliasesOfUser": func(ctx context.Context, s *store, b string) (any, error) {
			return s.aliasesOfUser(ctx, b, "u1")
		},
		"config": func(ctx context.Context, s *store, b string) (any, error) {
			return s.config(ctx, b, "p")
		},
		"configsNamed": func(ctx context.Context, s *store, b string) (any, error) {
			return s.configsNamed(ctx, b, "p")
		},
		"configs": func(ctx context.Context, s *store, b string) (any, error) {
			return s.configs(ctx, b)
		},
		"addConfig": func(ctx context.Context, s *store, b string) (any, error) {
			return nil, s.addConfig(ctx, testConfig(b, "required"))
		},
		"saveConfig": func(ctx context.Context, s *store, b string) (any, error) {
			return nil, s.saveConfig(ctx, testConfig(b, "required"))
		},
		"deleteConfig": func(ctx context.Context, s *store, b string) (any, error) {
			return s.deleteConfig(ctx, b, "p")
		},
		"register": func(ctx context.Context, s *store, b string) (any, error) {
			// a's id, user and alias, limit 1: nothing of a's counts.
			c := testCredential(b, "u1", 1, isolationAt)
			return nil, s.register(ctx, c, []Alias{{Hash: "h"}}, limits{perUser: ptr(int64(1))}, isolationAt)
		},
		"listUsers": func(ctx context.Context, s *store, b string) (any, error) {
			return s.listUsers(ctx, b, "", maxListedUsers)
		},
		"usersPage": func(ctx context.Context, s *store, b string) (any, error) {
			page, err := s.usersPage(ctx, b, "", maxListedUsers)
			if err != nil {
				return nil, err
			}
			var entries []any // the rendered array, decoded: nothing is []
			return entries, json.Unmarshal(page, &entries)
		},
		"countUsers": func(ctx context.Context, s *store, b string) (any, error) {
			return s.countUsers(ctx, b)
		},
		"deleteUser": func(ctx context.Context, s *store, b string) (any, error) {
			return nil, s.deleteUser(ctx, b, "u1")
		},
	}
}

// TestStore_DifferentTenantSeesNothing calls every store method as tenant
// b after seedTenant has written tenant a's passkey, alias and
// configuration under the ids b uses, on SQLite and PostgreSQL; a store
// method without a case fails it.
func TestStore_DifferentTenantSeesNothing(t *testing.T) {
	storagetest.Isolation[*store]{
		Recv:   "store",
		Open:   func(db *gorm.DB) *store { return &store{db: db} },
		Seed:   seedTenant,
		Expect: expectSeeded,
		Cases:  isolationCases(),
	}.Run(t)
}

func testConfig(tenant, uv string) configRow {
	return configRow{Tenant: tenant, Purpose: "p", UserVerification: uv, TimeToLiveMS: 60000,
		CreatedBy: "ann", CreatedOn: &isolationAt}
}

// seedTenant gives tenant a passkey of user u1 with alias h, and the
// configuration p.
func seedTenant(t *testing.T, s *store, tenant, _ string) {
	t.Helper()
	c := testCredential(tenant, "u1", 1, isolationAt)
	if err := s.register(t.Context(), c, []Alias{{Hash: "h", Plaintext: ptr("ann")}}, limits{}, isolationAt); err != nil {
		t.Fatal(err)
	}
	if err := s.addConfig(t.Context(), testConfig(tenant, "preferred")); err != nil {
		t.Fatal(err)
	}
}

// expectSeeded checks that tenant still has exactly what seedTenant wrote.
func expectSeeded(t *testing.T, s *store, tenant string) {
	t.Helper()
	ctx := t.Context()
	c, err := s.credential(ctx, tenant, seededID)
	if err != nil || c == nil || c.UserID != "u1" || c.SignCount != 0 {
		t.Errorf("a's credential afterwards = %+v %v, want u1's, sign count 0", c, err)
	}
	owners, err := s.aliasOwners(ctx, tenant, []string{"h"})
	if err != nil || owners["h"] != "u1" {
		t.Errorf("a's alias h afterwards = %v %v, want u1's", owners, err)
	}
	if n, err := s.countUsers(ctx, tenant); err != nil || n != 1 {
		t.Errorf("a's user counter afterwards = %d %v, want 1", n, err)
	}
	cfg, err := s.config(ctx, tenant, "p")
	if err != nil || cfg == nil || cfg.UserVerification != "preferred" || cfg.LastUsedOn != nil {
		t.Errorf("a's configuration afterwards = %+v %v, want untouched", cfg, err)
	}
}
