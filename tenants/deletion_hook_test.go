package tenants_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"passwordless/storage"
	"passwordless/storage/storagetest"
	"passwordless/tenants"
)

// TestService_DeletionHooks: every deletion, at once or scheduled, runs
// the registered hooks in the deleting transaction with the application
// (DeleteAt set only for a scheduled one); a hook's error undoes it.
func TestService_DeletionHooks(t *testing.T) {
	errHook := errors.New("hook refused")
	tests := []struct {
		name         string
		credentials  bool
		hookErr      error
		wantDeleted  bool
		wantSchedule bool
	}{
		{"deleted at once (no passkeys)", false, nil, true, false},
		{"scheduled deletion carried out", true, nil, true, true},
		{"a failing hook undoes the deletion", false, errHook, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storagetest.SQLite(t).Gorm
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			svc := newService(db, tenants.Options{Now: func() time.Time { return now }, Credentials: hasCredentials(tt.credentials)})
			ctx := context.Background()
			if _, err := svc.Create(ctx, "acme", tenants.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			var seen []*tenants.App
			svc.OnDelete(func(ctx context.Context, app *tenants.App) error {
				if !storage.InTransaction(ctx) {
					t.Error("the hook runs outside the deleting transaction")
				}
				seen = append(seen, app)
				return tt.hookErr
			})
			now = now.Add(10 * 24 * time.Hour)
			res, err := svc.MarkDelete(ctx, "acme", "")
			if tt.wantSchedule {
				if err != nil || res.IsDeleted || len(seen) != 0 {
					t.Fatalf("MarkDelete = %+v, %v; hook calls %d, want a schedule and none", res, err, len(seen))
				}
				now = now.AddDate(0, 1, 1)
				_, err = svc.Delete(ctx, "acme")
			}
			if !errors.Is(err, tt.hookErr) {
				t.Fatalf("deletion error = %v, want %v", err, tt.hookErr)
			}
			if len(seen) != 1 || seen[0].ID != "acme" || (seen[0].DeleteAt != nil) != tt.wantSchedule {
				t.Fatalf("hook saw %+v, want acme once (scheduled %v)", seen, tt.wantSchedule)
			}
			if app, err := svc.App(ctx, "acme"); err != nil || (app == nil) != tt.wantDeleted {
				t.Errorf("after the deletion App = %+v, %v; want deleted %v", app, err, tt.wantDeleted)
			}
		})
	}
}
