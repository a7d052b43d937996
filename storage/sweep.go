package storage

import (
	"slices"
	"strings"

	"gorm.io/gorm"
)

// DeleteEverywhere deletes, inside tx, the rows matching every column =
// value of match from each table that has all of match's columns, except
// the tables named in skip. Tables are discovered, so rows that later
// migrations add for a tenant or a user are never left behind when the
// tenant or the user is deleted.
func DeleteEverywhere(tx *gorm.DB, match map[string]any, skip ...string) error {
	tables, err := tx.Migrator().GetTables()
	if err != nil {
		return err
	}
	cols := make([]string, 0, len(match))
	for c := range match {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	var where []string
	var args []any
	for _, c := range cols {
		where = append(where, quoteIdent(c)+" = ?")
		args = append(args, match[c])
	}
	for _, t := range tables {
		if slices.Contains(skip, t) || !hasColumns(tx, t, cols) {
			continue
		}
		if err := tx.Exec("DELETE FROM "+quoteIdent(t)+" WHERE "+strings.Join(where, " AND "), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

func hasColumns(tx *gorm.DB, table string, cols []string) bool {
	for _, c := range cols {
		if !tx.Migrator().HasColumn(table, c) {
			return false
		}
	}
	return true
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
