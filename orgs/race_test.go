package orgs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/storage/storagetest"
)

// meetingUsers is the passkeys side of removing an admin: it holds each
// removal inside its transaction until the other one arrives too (or
// wait passes), so two removals that both passed the last-owner check
// are both in flight before either commits.
type meetingUsers struct {
	mu      sync.Mutex
	arrived int
	both    chan struct{}
	wait    time.Duration
}

func (m *meetingUsers) DeleteUser(context.Context, string, string) error {
	m.mu.Lock()
	if m.arrived++; m.arrived == 2 {
		close(m.both)
	}
	m.mu.Unlock()
	select {
	case <-m.both:
	case <-time.After(m.wait):
	}
	return nil
}

func (m *meetingUsers) CountUsers(context.Context, string) (int64, error) { return 0, nil }

// TestRemoveAdmin_TwoOwnersRemovingEachOtherLeaveOne: on PostgreSQL two
// owners removing each other at the same moment leave the organization
// one owner; one removal succeeds, the other is refused as the last
// owner's.
func TestRemoveAdmin_TwoOwnersRemovingEachOtherLeaveOne(t *testing.T) {
	db := storagetest.Postgres(t)
	users := &meetingUsers{both: make(chan struct{}), wait: 500 * time.Millisecond}
	s, err := New(Options{DB: db, Users: users, EventLog: events.Discard{}, PublicURL: "https://console.test",
		Secret: []byte("secret"), Now: func() time.Time { return isolationAt }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	org := &Org{ID: "org-race", Name: "Race", CreatedAt: isolationAt}
	a := &Admin{ID: "owner-a", OrgID: org.ID, Email: "a@race.test", Role: RoleOwner, CreatedAt: isolationAt}
	b := &Admin{ID: "owner-b", OrgID: org.ID, Email: "b@race.test", Role: RoleOwner, CreatedAt: isolationAt}
	if err := s.store.createOrgAndOwner(ctx, org, a); err != nil {
		t.Fatal(err)
	}
	if err := s.store.createAdmin(ctx, b); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, target := range []*Admin{b, a} { // a removes b while b removes a
		wg.Go(func() { errs[i] = s.RemoveAdmin(ctx, org.ID, target) })
	}
	wg.Wait()
	owners, err := s.store.countAdmins(ctx, org.ID, RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	if owners != 1 {
		t.Fatalf("owners left = %d (removals: %v), want 1", owners, errs)
	}
	refused := 0
	for _, err := range errs {
		if errors.Is(err, ErrLastAdmin) {
			refused++
		} else if err != nil {
			t.Errorf("removal failed with %v, want success or ErrLastAdmin", err)
		}
	}
	if refused != 1 {
		t.Errorf("removals = %v, want one refused as the last owner", errs)
	}
}
