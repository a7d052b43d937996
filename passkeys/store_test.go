package passkeys

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

func testCredential(tenant, userID string, id byte, at time.Time) Credential {
	return Credential{Tenant: tenant, ID: []byte{id, 1, 2, 3}, UserID: userID, UserHandle: []byte(userID),
		PublicKey: []byte{0xa5}, AttestationFmt: "none", RPID: "example.com", Origin: "https://example.com",
		Device: ptr("Chrome, Mac OS X 10"), BackupEligible: ptr(true), BackupState: ptr(false),
		CreatedAt: at, LastUsedAt: at}
}

// TestStore_Credentials runs the credential and user queries on SQLite and
// PostgreSQL, with a second tenant that must never show through.
func TestStore_Credentials(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 789000000, time.UTC)
		for _, c := range []Credential{testCredential("t1", "u1", 1, at), testCredential("t1", "u1", 2, at.Add(time.Hour)),
			testCredential("t1", "u2", 3, at), testCredential("t2", "u1", 1, at)} {
			if err := s.register(ctx, c, nil, limits{}, at); err != nil {
				t.Fatalf("register %v: %v", c.ID, err)
			}
		}
		if err := s.register(ctx, testCredential("t1", "u9", 1, at), nil, limits{}, at); !errors.Is(err, errDuplicate) {
			t.Errorf("a duplicate id in the tenant = %v, want errDuplicate", err)
		}
		if err := s.register(ctx, testCredential("t1", "u1", 4, at), nil, limits{perUser: ptr(int64(2))}, at); !errors.Is(err, errLimit) {
			t.Errorf("a third passkey with limit 2 = %v, want errLimit", err)
		}
		if err := s.register(ctx, testCredential("t1", "u7", 8, at), nil, limits{users: ptr(int64(2))}, at); !errors.Is(err, errMaxUsers) {
			t.Errorf("a third user with maxUsers 2 = %v, want errMaxUsers", err)
		}
		if err := s.register(ctx, testCredential("t1", "u3", 5, at), []Alias{{Hash: "h"}}, limits{perUser: ptr(int64(1))}, at); err != nil {
			t.Errorf("register with aliases and a limit: %v", err)
		}

		got, _ := s.credentialsOfUser(ctx, "t1", "u1")
		if len(got) != 2 || !got[0].CreatedAt.Equal(at) || *got[0].Device != "Chrome, Mac OS X 10" || !*got[0].BackupEligible {
			t.Errorf("credentialsOfUser = %+v", got)
		}
		byAlias, _ := s.credentialsOfAlias(ctx, "t1", "h")
		if len(byAlias) != 1 || byAlias[0].UserID != "u3" {
			t.Errorf("credentialsOfAlias = %+v", byAlias)
		}
		if c, err := s.credential(ctx, "t2", []byte{3, 1, 2, 3}); err != nil || c != nil {
			t.Errorf("another tenant's credential = %+v, %v; want nil, nil", c, err)
		}

	})
}

// TestStore_Users runs the user queries over the same rows.
func TestStore_Users(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 789000000, time.UTC)
		for _, c := range []Credential{testCredential("t1", "u1", 1, at), testCredential("t1", "u1", 2, at.Add(time.Hour)),
			testCredential("t1", "u2", 3, at), testCredential("t2", "u1", 1, at)} {
			if err := s.register(ctx, c, nil, limits{}, at); err != nil {
				t.Fatalf("register %v: %v", c.ID, err)
			}
		}
		if err := s.register(ctx, testCredential("t1", "u3", 5, at), []Alias{{Hash: "h"}}, limits{}, at); err != nil {
			t.Fatal(err)
		}
		got, _ := s.credentialsOfUser(ctx, "t1", "u1")
		users, known, _ := s.usersWithCredentials(ctx, "t1", "u2")
		if users != 3 || !known {
			t.Errorf("usersWithCredentials = %d %v, want 3 true", users, known)
		}
		if _, known, err := s.usersWithCredentials(ctx, "t1", "nobody"); err != nil || known {
			t.Errorf("an unknown user: known = %v, %v; want false, nil", known, err)
		}
		if n, _ := s.countUsers(ctx, "t1"); n != 3 {
			t.Errorf("countUsers = %d, want 3", n)
		}

		c := got[0]
		c.SignCount, c.LastUsedAt, c.Country = 7, at.Add(48*time.Hour), ptr("SE")
		if err := s.signedIn(ctx, c); err != nil {
			t.Fatal(err)
		}
		list, err := s.listUsers(ctx, "t1", "", maxListedUsers)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].UserID != "u1" || list[0].CredentialsCount != 2 ||
			list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(at.Add(48*time.Hour)) {
			t.Errorf("listUsers = %+v (first lastUsedAt %v)", list, list[0].LastUsedAt)
		}
		if after, _ := s.credential(ctx, "t1", c.ID); after.SignCount != 7 || *after.Country != "SE" {
			t.Errorf("after signedIn: %+v", after)
		}

		if err := s.deleteUser(ctx, "t1", "u3"); err != nil {
			t.Fatal(err)
		}
		if left, err := s.aliasesOfUser(ctx, "t1", "u3"); err != nil || len(left) != 0 {
			t.Errorf("deleteUser left aliases %+v, %v", left, err)
		}
		if has, _ := s.hasAnyCredential(ctx, "t2"); !has {
			t.Error("hasAnyCredential(t2) = false")
		}
		if deleted, _ := s.deleteCredential(ctx, "t2", []byte{1, 1, 2, 3}); !deleted {
			t.Error("deleteCredential found nothing")
		}
		if has, err := s.hasAnyCredential(ctx, "t2"); err != nil || has {
			t.Errorf("hasAnyCredential after deleting the only passkey = %v, %v; want false, nil", has, err)
		}
	})
}

func TestStore_Configs(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := &store{db: db}
		at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
		r := configRow{Tenant: "t1", Purpose: "transfer", UserVerification: "required", TimeToLiveMS: 300000,
			Hints: "security-key,hybrid", CreatedBy: "ann", CreatedOn: &at}
		if err := s.addConfig(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.addConfig(ctx, r); !errors.Is(err, errConfigExists) {
			t.Errorf("adding twice = %v, want errConfigExists", err)
		}
		r.EditedBy = ptr("bob")
		if err := s.saveConfig(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.touchConfig(ctx, "t1", "transfer", at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ := s.configsNamed(ctx, "t1", "transfer", "sign-in")
		if len(got) != 1 || *got[0].EditedBy != "bob" || !got[0].LastUsedOn.Equal(at.Add(time.Hour)) {
			t.Errorf("configsNamed = %+v", got)
		}
		if c, err := s.config(ctx, "t2", "transfer"); err != nil || c != nil {
			t.Errorf("another tenant's configuration = %+v, %v; want nil, nil", c, err)
		}
		if ok, _ := s.deleteConfig(ctx, "t1", "transfer"); !ok {
			t.Error("deleteConfig found nothing")
		}
	})
}
