package storage

import (
	"context"

	"gorm.io/gorm"
)

type txKey struct{}

// InTx runs fn in one database transaction. Stores called with the context
// fn receives use that transaction (through Conn), so a service can make a
// change and write its audit event atomically without the stores knowing.
// When ctx already carries a transaction, fn joins it: the outermost InTx
// commits or rolls back everything. An error returned by fn rolls back; a
// failure to begin or commit is translated like any storage error.
func InTx(ctx context.Context, db *gorm.DB, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
	return Translate(err)
}

// Conn is the handle a store runs a statement on: the transaction carried
// by ctx when there is one, else db bound to ctx.
func Conn(ctx context.Context, db *gorm.DB) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return db.WithContext(ctx)
}

// InTransaction reports whether ctx carries a transaction.
func InTransaction(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

// Tx is InTx for a store: fn gets the transaction's handle directly.
func Tx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return InTx(ctx, db, func(ctx context.Context) error { return fn(Conn(ctx, db)) })
}
