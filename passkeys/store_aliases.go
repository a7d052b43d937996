package passkeys

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"passwordless/storage"
)

type aliasRow struct {
	Tenant    string    `gorm:"column:tenant;primaryKey"`
	AliasHash string    `gorm:"column:alias_hash;primaryKey"`
	UserID    string    `gorm:"column:user_id"`
	Plaintext *string   `gorm:"column:plaintext"`
	CreatedAt time.Time `gorm:"column:created_at;autoCreateTime:false"`
}

func (aliasRow) TableName() string { return "aliases" }

// errAliasTaken means an alias belongs to another user of the tenant.
var errAliasTaken = errors.New("passkeys: alias belongs to another user")

// setAliases replaces the user's aliases by aliases in one transaction.
// It first takes the lock of the user's directory row (user_passkeys), as
// a registration (its credential insert) and deleteUser (its first delete)
// do through the triggers: the aliases' triggers change that row too, so
// every transaction on a user's rows must lock it first, or one holding an
// alias row and another holding the directory row would deadlock. The
// upsert creates the row when the user has none yet (counts 0, which the
// list skips and deleteUser removes).
func (s *store) setAliases(ctx context.Context, tenant, userID string, aliases []Alias, now time.Time) error {
	err := storage.Tx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO user_passkeys (tenant, user_id, passkeys, aliases) VALUES (?, ?, 0, 0)
ON CONFLICT (tenant, user_id) DO UPDATE SET aliases = user_passkeys.aliases`, tenant, userID).Error
		if err != nil {
			return err
		}
		return replaceAliases(tx, tenant, userID, aliases, now)
	})
	if err != nil && !errors.Is(err, errAliasTaken) {
		return fmt.Errorf("set aliases: %w", err)
	}
	return err
}

// replaceAliases runs inside tx. Uniqueness is the primary key's: an
// insert that meets another user's row updates nothing (ON CONFLICT …
// WHERE user_id matches), which aborts the whole replacement with
// errAliasTaken. Concurrent claims of one alias therefore serialise on the
// key and exactly one wins. Rows are written in hash order so that
// concurrent replacements never deadlock.
func replaceAliases(tx *gorm.DB, tenant, userID string, aliases []Alias, now time.Time) error {
	sorted := slices.Clone(aliases)
	slices.SortFunc(sorted, func(a, b Alias) int { return strings.Compare(a.Hash, b.Hash) })
	keep := make([]string, len(sorted))
	for i, a := range sorted {
		keep[i] = a.Hash
	}
	del := tx.Where("tenant = ? AND user_id = ?", tenant, userID)
	if len(keep) > 0 {
		del = del.Where("alias_hash NOT IN ?", keep)
	}
	if err := del.Delete(&aliasRow{}).Error; err != nil {
		return err
	}
	for _, a := range sorted {
		row := aliasRow{Tenant: tenant, AliasHash: a.Hash, UserID: userID, Plaintext: a.Plaintext, CreatedAt: now.UTC()}
		res := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "tenant"}, {Name: "alias_hash"}},
			DoUpdates: clause.AssignmentColumns([]string{"plaintext"}),
			Where: clause.Where{Exprs: []clause.Expression{
				clause.Eq{Column: clause.Column{Table: "aliases", Name: "user_id"}, Value: userID}}},
		}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errAliasTaken
		}
	}
	return nil
}

// aliasOwners maps each of hashes that exists in the tenant to its user.
func (s *store) aliasOwners(ctx context.Context, tenant string, hashes []string) (map[string]string, error) {
	out := map[string]string{}
	if len(hashes) == 0 {
		return out, nil
	}
	var rows []aliasRow
	if err := storage.Conn(ctx, s.db).Where("tenant = ? AND alias_hash IN ?", tenant, hashes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find aliases: %w", err)
	}
	for _, r := range rows {
		out[r.AliasHash] = r.UserID
	}
	return out, nil
}

func (s *store) aliasesOfUser(ctx context.Context, tenant, userID string) ([]Alias, error) {
	var rows []aliasRow
	err := storage.Conn(ctx, s.db).Where("tenant = ? AND user_id = ?", tenant, userID).Order("alias_hash").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list aliases: %w", err)
	}
	out := make([]Alias, len(rows))
	for i, r := range rows {
		out[i] = Alias{UserID: r.UserID, Hash: r.AliasHash, Plaintext: r.Plaintext}
	}
	return out, nil
}
