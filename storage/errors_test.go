package storage_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

// TestTranslate: every kind of storage failure becomes its one problem.
func TestTranslate(t *testing.T) {
	opErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		name string
		err  error
		want problems.Code // "" = left alone (a logged 500)
	}{
		{"record not found", fmt.Errorf("load: %w", gorm.ErrRecordNotFound), problems.NotFound},
		{"unique violation", fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, &pgconn.PgError{Code: "23505", ConstraintName: "aliases_pkey"}), problems.Conflict},
		{"dial refused", opErr, problems.ServiceUnavailable},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), problems.ServiceUnavailable},
		{"bad connection", driver.ErrBadConn, problems.ServiceUnavailable},
		{"connection cut mid-answer", io.ErrUnexpectedEOF, problems.ServiceUnavailable},
		{"postgres admin shutdown", &pgconn.PgError{Code: "57P01"}, problems.ServiceUnavailable},
		{"postgres too many connections", &pgconn.PgError{Code: "53300"}, problems.ServiceUnavailable},
		{"postgres deadlock", &pgconn.PgError{Code: "40P01"}, problems.ServiceUnavailable},
		{"closed pool", errors.New("sql: database is closed"), problems.ServiceUnavailable},
		{"redis pool timeout", redis.ErrPoolTimeout, problems.ServiceUnavailable},
		{"redis closed", redis.ErrClosed, problems.ServiceUnavailable},
		{"postgres syntax error", &pgconn.PgError{Code: "42601"}, ""},
		{"plain bug", errors.New("nil map"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := storage.Translate(tc.err)
			var p *problems.Error
			if !errors.As(got, &p) {
				if tc.want != "" {
					t.Fatalf("Translate(%v) = %v, want %s", tc.err, got, tc.want)
				}
				return
			}
			if p.Code != tc.want {
				t.Fatalf("Translate(%v) = %s, want %s", tc.err, p.Code, tc.want)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("the cause is lost: %v", got)
			}
			if tc.want == problems.ServiceUnavailable && p.Header.Get("Retry-After") == "" {
				t.Error("an outage answer without Retry-After")
			}
			if again := storage.Translate(got); again != got {
				t.Error("Translate is not idempotent")
			}
		})
	}
	if storage.Translate(nil) != nil || storage.Translate(redis.Nil) != redis.Nil {
		t.Error("nil and redis.Nil must pass through")
	}
}

type kv struct {
	K string `gorm:"primaryKey"`
	V string
}

// TestTranslate_RealDrivers: the gorm plugin translates what the real
// drivers return — a unique violation names its constraint, a missing row
// is not_found, a closed pool is service_unavailable — and a transaction
// carried in the context is joined by the statements given that context.
func TestTranslate_RealDrivers(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		if err := db.Exec("CREATE TABLE kvs (k TEXT PRIMARY KEY, v TEXT)").Error; err != nil {
			t.Fatal(err)
		}
		err := storage.Tx(ctx, db, func(tx *gorm.DB) error {
			if err := tx.Create(&kv{K: "a", V: "1"}).Error; err != nil {
				return err
			}
			return tx.Create(&kv{K: "a", V: "2"}).Error
		})
		if !storage.IsDuplicate(err) || storage.ConstraintOf(err) == "" || problems.From(err).StatusCode() != http.StatusConflict {
			t.Errorf("duplicate = %v (constraint %q)", err, storage.ConstraintOf(err))
		}
		var n int64
		if err := db.Model(&kv{}).Count(&n).Error; err != nil || n != 0 {
			t.Errorf("rows after a rolled-back transaction = %d, %v", n, err)
		}
		err = storage.Conn(ctx, db).Where("k = ?", "missing").Take(&kv{}).Error
		if !storage.IsNotFound(err) || problems.From(err).Code != problems.NotFound {
			t.Errorf("missing row = %v", err)
		}
		sqlDB, _ := db.DB()
		_ = sqlDB.Close()
		err = storage.Conn(ctx, db).Take(&kv{}).Error
		if p := problems.From(err); p.Code != problems.ServiceUnavailable {
			t.Errorf("closed pool = %v, want service_unavailable", err)
		}
	})
}
