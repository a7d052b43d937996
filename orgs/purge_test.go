package orgs

import (
	"testing"
	"time"
)

// Sessions past their timeouts and links long expired are deleted by the
// hourly sweep (before, a session nobody came back to and every unused
// setup, sign-up or invitation link stayed forever); live ones stay.
func TestPurge_DeletesEndedSessionsAndLongExpiredLinksOnly(t *testing.T) {
	eachDB(t, Limits{}, func(t *testing.T, s *Service, _ *sentMail) {
		ctx := t.Context()
		now := isolationAt
		s.o.Now = func() time.Time { return now }
		count := func(row any) int64 {
			var n int64
			if err := s.store.conn(ctx).Model(row).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		owner := setup(t, s, "Acme", "owner@acme.test") // a used setup link
		org, err := s.store.org(ctx, owner.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartSession(ctx, "", owner.ID, ByPasskey); err != nil {
			t.Fatal(err)
		}
		if err := s.SendInvite(ctx, org, owner, "new@acme.test"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetupLink(ctx); err != nil { // never used
			t.Fatal(err)
		}

		now = now.Add(IdleTimeout + time.Minute)
		live, err := s.StartSession(ctx, "", owner.ID, ByPasskey)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.Purge(ctx); err != nil || n != 1 {
			t.Fatalf("Purge after the idle timeout = %d, %v; want the one idle session", n, err)
		}
		if a, _, err := s.Session(ctx, live); err != nil || a == nil {
			t.Fatalf("the live session is gone: %v", err)
		}
		if got := count(&setupLinkRow{}); got != 2 {
			t.Errorf("%d setup links after the first sweep, want both (expired less than a week)", got)
		}
		if got := count(&Invite{}); got != 1 {
			t.Errorf("%d invitations after the first sweep, want the pending one", got)
		}

		now = now.Add(InviteTTL + keepEndedLinks)
		if n, err := s.Purge(ctx); err != nil || n != 4 {
			t.Fatalf("Purge two weeks later = %d, %v; want the session, two setup links and the invitation", n, err)
		}
		for _, row := range []any{&sessionRow{}, &setupLinkRow{}, &Invite{}} {
			if got := count(row); got != 0 {
				t.Errorf("%T: %d rows left", row, got)
			}
		}
		if a, err := s.store.admin(ctx, owner.ID); err != nil || a == nil {
			t.Errorf("the owner went with the sweep: %v", err)
		}
	})
}
