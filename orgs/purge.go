package orgs

import (
	"context"
	"time"
)

// keepEndedLinks is how long a setup, sign-up or invitation link's row
// stays after it expired. A link is refused by its signed expiry before its
// row is read, so the row only has to outlive the link; invitations also
// count against the daily cap by their creation, which is older still.
const keepEndedLinks = 7 * 24 * time.Hour

// Purge deletes what can never be used again: sessions past their idle or
// absolute timeout (a session is otherwise deleted only when its browser
// comes back or signs out), and setup, sign-up and invitation links that
// expired more than keepEndedLinks ago, used or not. It returns the rows
// deleted; the server runs it hourly with the other retention jobs.
func (s *Service) Purge(ctx context.Context) (int64, error) {
	now := s.now()
	return s.store.purge(ctx, now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout), now.Add(-keepEndedLinks))
}
