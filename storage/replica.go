package storage

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// replicaName names the read replica's resolver; it is no table's name, so
// no statement reaches the replica unless it asks (Replica).
const replicaName = "read-replica"

// UseReplica makes the reads that ask for it (Replica: reporting and list
// reads, which may be a moment behind) go to the database at rawURL, a read
// replica of db (DATABASE_REPLICA_URL), through gorm's dbresolver. Every
// other statement, and every statement of a transaction, stays on db.
func (db *DB) UseReplica(rawURL string) error {
	dialect, dsn, err := ParseURL(rawURL)
	if err != nil {
		return err
	}
	if dialect != db.Dialect {
		return errors.New("the replica must be the same kind of database as DATABASE_URL")
	}
	d, err := dialector(dialect, dsn)
	if err != nil {
		return err
	}
	return db.Gorm.Use(dbresolver.Register(dbresolver.Config{Replicas: []gorm.Dialector{d}}, replicaName))
}

// Replica is the handle for a read that the read replica may serve: the
// transaction carried by ctx when there is one (it reads its own writes),
// else the replica when UseReplica set one, else db.
func Replica(ctx context.Context, db *gorm.DB) *gorm.DB {
	return Conn(ctx, db).Clauses(dbresolver.Use(replicaName), dbresolver.Read)
}
