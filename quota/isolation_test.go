package quota

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/problems"
	"passwordless/storage"
	"passwordless/storage/storagetest"
)

var isolationAt = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

// TestDatabase_DifferentTenantSeesNothing calls every Database method with
// tenant b's keys after tenant a has used its one e-mail and its one hit,
// on SQLite and PostgreSQL; a Database method without a case fails it.
// Keys carry the tenant ("email:<tenant>"), as the callers build them.
func TestDatabase_DifferentTenantSeesNothing(t *testing.T) {
	type call = func(ctx context.Context, d *Database, b string) (any, error)
	// othersSlots are the slots of every tenant but b, under b's key.
	othersSlots := func(ctx context.Context, d *Database, b string) ([]Slot, error) {
		var ids []string
		err := d.db.WithContext(ctx).Model(&logRow{}).Where("tenant <> ?", b).Pluck("id", &ids).Error
		slots := make([]Slot, len(ids))
		for i, id := range ids {
			slots[i] = Slot{Key: "email:" + b, ID: id}
		}
		return slots, err
	}
	storagetest.Isolation[*Database]{
		Recv: "Database",
		Open: func(db *gorm.DB) *Database { return NewDatabase(&storage.DB{Gorm: db}) },
		Seed: func(t *testing.T, d *Database, a, _ string) {
			slot, err := d.Reserve(t.Context(), "email:"+a, 1, EmailWindow, isolationAt)
			if err != nil || !slot.Granted {
				t.Fatalf("a's first e-mail = %+v %v", slot, err)
			}
			if err := d.Commit(t.Context(), slot, isolationAt); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Hit(t.Context(), "rate:"+a, 1, time.Minute, isolationAt); err != nil {
				t.Fatal(err)
			}
		},
		Expect: func(t *testing.T, d *Database, a string) {
			slot, err := d.Reserve(t.Context(), "email:"+a, 1, EmailWindow, isolationAt)
			if err != nil || slot.Granted || slot.Used != 1 || !slot.RetryAt.Equal(isolationAt.Add(EmailWindow)) {
				t.Errorf("a's e-mail quota afterwards = %+v %v, want its one e-mail sent at the seeded time", slot, err)
			}
			if w, err := d.Hit(t.Context(), "rate:"+a, 1, time.Minute, isolationAt); err != nil || w.Allowed() {
				t.Errorf("a's rate window afterwards = %+v %v, want its one hit counted", w, err)
			}
		},
		Cases: map[string]call{
			"Reserve": func(ctx context.Context, d *Database, b string) (any, error) {
				slot, err := d.Reserve(ctx, "email:"+b, 1, EmailWindow, isolationAt)
				return !slot.Granted, err
			},
			"Commit": func(ctx context.Context, d *Database, b string) (any, error) {
				slots, err := othersSlots(ctx, d, b)
				for _, s := range slots {
					err = errors.Join(err, d.Commit(ctx, s, isolationAt.Add(time.Hour)))
				}
				return nil, err
			},
			"Release": func(ctx context.Context, d *Database, b string) (any, error) {
				slots, err := othersSlots(ctx, d, b)
				for _, s := range slots {
					err = errors.Join(err, d.Release(ctx, s))
				}
				return nil, err
			},
			"Hit": func(ctx context.Context, d *Database, b string) (any, error) {
				w, err := d.Hit(ctx, "rate:"+b, 1, time.Minute, isolationAt)
				return !w.Allowed(), err
			},
		},
	}.Run(t)
}

// TestEmails_OneTenantNeverConsumesAnothersQuota spends tenant a's
// e-mail quota and then sends b's whole quota, on every backend.
func TestEmails_OneTenantNeverConsumesAnothersQuota(t *testing.T) {
	eachBackend(t, func(t *testing.T, b Backend) {
		clk := newClock()
		q := NewEmails(b, clk.Now, DefaultNewAppTimeout)
		sender := func(tenant string) Sender {
			return Sender{Tenant: tenant, CreatedAt: clk.Now().Add(-365 * day), MonthlyQuota: 3}
		}
		if sent, err := sendAll(t, q, sender("a"), "user@example.com", 10); sent != 3 || codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Fatalf("a sent %d then %v; want 3 then quota exceeded", sent, err)
		}
		if sent, err := sendAll(t, q, sender("b"), "user@example.com", 10); sent != 3 || codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Errorf("after a's quota ran out b sent %d then %v; want its own 3 then quota exceeded", sent, err)
		}
		r, err := q.Reserve(t.Context(), sender("c"), "user@example.com")
		if err != nil {
			t.Fatalf("c's first e-mail = %v", err)
		}
		if err := r.Release(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Reserve(t.Context(), sender("a"), "user@example.com"); codeOf(err) != problems.MagicLinkEmailQuotaExceeded {
			t.Errorf("a after b's sends and c's release = %v, want still quota exceeded", err)
		}
	})
}
