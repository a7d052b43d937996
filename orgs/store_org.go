package orgs

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// The rows of migration 00011: invitations and used magic sign-in links.
// Invite is an invitation to join an organization as an admin.
type Invite struct {
	ID             string `gorm:"primaryKey"`
	OrgID          string
	Email          string
	InvitedBy      string
	ExpiresAt      time.Time
	AcceptedAt     *time.Time
	RevokedAt      *time.Time
	PendingAdminID string
	CreatedAt      time.Time
}

func (Invite) TableName() string { return "console_invites" }

type usedLinkRow struct {
	TokenID   string `gorm:"primaryKey"`
	ExpiresAt time.Time
}

func (usedLinkRow) TableName() string { return "console_used_links" }

// openInvite is the condition of an invitation that can still be accepted.
const openInvite = "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?"

func (s *store) admins(ctx context.Context, orgID string) ([]Admin, error) {
	var out []Admin
	err := s.conn(ctx).Where("org_id = ?", orgID).Order("created_at, email").Find(&out).Error
	return out, err
}

// orgAdmin is orgID's admin adminID, nil when orgID has no such admin.
func (s *store) orgAdmin(ctx context.Context, orgID, adminID string) (*Admin, error) {
	var a Admin
	ok, err := first(s.conn(ctx).Where("org_id = ? AND id = ?", orgID, adminID), &a)
	if !ok {
		return nil, err
	}
	return &a, nil
}

func (s *store) createAdmin(ctx context.Context, a *Admin) error {
	return s.conn(ctx).Create(a).Error
}

// deleteAdmin removes orgID's admin adminID (their sessions go with them).
func (s *store) deleteAdmin(ctx context.Context, orgID, adminID string) error {
	return s.conn(ctx).Where("org_id = ? AND id = ?", orgID, adminID).Delete(&Admin{}).Error
}

// countAdmins counts orgID's admins with role ("" for any role).
func (s *store) countAdmins(ctx context.Context, orgID, role string) (int64, error) {
	q := s.conn(ctx).Model(&Admin{}).Where("org_id = ?", orgID)
	if role != "" {
		q = q.Where("role = ?", role)
	}
	var n int64
	err := q.Count(&n).Error
	return n, err
}

func (s *store) renameOrg(ctx context.Context, orgID, name string) error {
	return s.conn(ctx).Model(&Org{}).Where("id = ?", orgID).Update("name", name).Error
}

func (s *store) setPasskeyOnly(ctx context.Context, orgID string, on bool) error {
	return s.conn(ctx).Model(&Org{}).Where("id = ?", orgID).Update("passkey_only", on).Error
}

// deleteOrg deletes orgID with its admins, sessions and invitations.
func (s *store) deleteOrg(ctx context.Context, orgID string) error {
	return s.conn(ctx).Where("id = ?", orgID).Delete(&Org{}).Error
}

func (s *store) insertInvite(ctx context.Context, row *Invite) error {
	return s.conn(ctx).Create(row).Error
}

// countInvitesSince counts orgID's invitations sent after since, whatever
// became of them.
func (s *store) countInvitesSince(ctx context.Context, orgID string, since time.Time) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&Invite{}).Where("org_id = ? AND created_at > ?", orgID, since).Count(&n).Error
	return n, err
}

// pendingInvites are orgID's invitations that can still be accepted.
func (s *store) pendingInvites(ctx context.Context, orgID string, now time.Time) ([]Invite, error) {
	var out []Invite
	err := s.conn(ctx).Where("org_id = ? AND "+openInvite, orgID, now).Order("created_at, email").Find(&out).Error
	return out, err
}

// invite is the invitation id when it can still be accepted, else nil.
func (s *store) invite(ctx context.Context, id string, now time.Time) (*Invite, error) {
	var row Invite
	ok, err := first(s.conn(ctx).Where("id = ? AND "+openInvite, id, now), &row)
	if !ok {
		return nil, err
	}
	return &row, nil
}

func (s *store) setInvitee(ctx context.Context, id, adminID string, now time.Time) error {
	return s.conn(ctx).Model(&Invite{}).Where("id = ? AND "+openInvite, id, now).
		Update("pending_admin_id", adminID).Error
}

// acceptInvite marks the invitation accepted; false when it was accepted,
// revoked or expired already, so it adds one admin at most.
func (s *store) acceptInvite(ctx context.Context, id string, now time.Time) (bool, error) {
	res := s.conn(ctx).Model(&Invite{}).Where("id = ? AND "+openInvite, id, now).Update("accepted_at", now)
	return res.RowsAffected == 1, res.Error
}

// revokeInvite revokes orgID's open invitation id; false when there is none.
func (s *store) revokeInvite(ctx context.Context, orgID, id string, now time.Time) (bool, error) {
	res := s.conn(ctx).Model(&Invite{}).Where("org_id = ? AND id = ? AND "+openInvite, orgID, id, now).
		Update("revoked_at", now)
	return res.RowsAffected == 1, res.Error
}

// useLink records the magic sign-in link tokenID as used; false when it
// was used already. Rows of expired links are swept on the way.
func (s *store) useLink(ctx context.Context, tokenID string, expires, now time.Time) (bool, error) {
	if err := s.conn(ctx).Where("expires_at < ?", now).Delete(&usedLinkRow{}).Error; err != nil {
		return false, err
	}
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&usedLinkRow{TokenID: tokenID, ExpiresAt: expires})
	return res.RowsAffected == 1, res.Error
}

// purge deletes, across every organization (a retention sweep), the
// sessions last seen before idleBefore or created before createdBefore and
// the links that expired before linksBefore.
func (s *store) purge(ctx context.Context, idleBefore, createdBefore, linksBefore time.Time) (int64, error) {
	var n int64
	for _, q := range []struct {
		row   any
		where string
		args  []any
	}{
		{&sessionRow{}, "last_seen_at < ? OR created_at < ?", []any{idleBefore, createdBefore}},
		{&setupLinkRow{}, "expires_at < ?", []any{linksBefore}},
		{&Invite{}, "expires_at < ?", []any{linksBefore}},
	} {
		res := s.conn(ctx).Where(q.where, q.args...).Delete(q.row)
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
	}
	return n, nil
}
