package storage_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// TestReplica_OnlyMarkedReadsOutsideTransactionsGoThere wires
// DATABASE_REPLICA_URL to a second schema of the test server holding other
// rows than the primary, so each read shows where it went.
func TestReplica_OnlyMarkedReadsOutsideTransactionsGoThere(t *testing.T) {
	primary := storagetest.Postgres(t)
	replicaURL := storagetest.PostgresURL(t)
	replica := storagetest.MustOpen(t, replicaURL)
	for db, users := range map[*storage.DB]int{primary: 1, replica: 2} {
		if err := db.Gorm.Exec("INSERT INTO user_counts (tenant, users) VALUES ('t1', ?)", users).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := primary.UseReplica(replicaURL); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	users := func(db *gorm.DB, sql string) int {
		var n []int
		if err := db.Raw(sql, "t1").Scan(&n).Error; err != nil || len(n) != 1 {
			t.Fatalf("%s: %v %v", sql, n, err)
		}
		return n[0]
	}
	const plain = "SELECT users FROM user_counts WHERE tenant = ?"
	const with = "WITH c AS (SELECT users FROM user_counts WHERE tenant = ?) SELECT users FROM c"
	tests := []struct {
		name string
		read func() int
		want int
	}{
		{"a marked read goes to the replica", func() int { return users(storage.Replica(ctx, primary.Gorm), plain) }, 2},
		{"a marked read starting with WITH too", func() int { return users(storage.Replica(ctx, primary.Gorm), with) }, 2},
		{"an unmarked read stays on the primary", func() int { return users(storage.Conn(ctx, primary.Gorm), plain) }, 1},
		{"a marked read in a transaction stays on the primary", func() int {
			n := 0
			_ = storage.InTx(ctx, primary.Gorm, func(ctx context.Context) error {
				n = users(storage.Replica(ctx, primary.Gorm), plain)
				return nil
			})
			return n
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.read(); got != tt.want {
				t.Errorf("read %d users, want %d (1: primary, 2: replica)", got, tt.want)
			}
		})
	}
	if err := primary.UseReplica("sqlite:///tmp/x.db"); err == nil {
		t.Error("a replica of another kind of database was accepted")
	}
}
