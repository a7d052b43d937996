package metrics

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/collectors"
	"gorm.io/gorm"
)

// pluginSeq tells apart the callbacks of several Metrics on one database
// (servers built side by side in tests over a shared test database).
var pluginSeq atomic.Int64

// dbPlugin times gorm statements through before/after callbacks on every
// processor, and exposes the connection pool statistics.
type dbPlugin struct {
	m    *Metrics
	name string
}

// GormPlugin returns the gorm plugin that feeds db_query_duration_seconds
// and the go_sql_* pool metrics: `db.Use(m.GormPlugin())`.
func (m *Metrics) GormPlugin() gorm.Plugin {
	return &dbPlugin{m: m, name: fmt.Sprintf("metrics-%d", pluginSeq.Add(1))}
}

// registrar is a gorm callback position (its type is unexported).
type registrar interface {
	Register(name string, fn func(*gorm.DB)) error
}

func (p *dbPlugin) Name() string { return p.name }

func (p *dbPlugin) Initialize(db *gorm.DB) error {
	if p.m == nil {
		return nil
	}
	cb := db.Callback()
	startKey := p.name + ":start"
	// register hooks one gorm processor: its own step is named gorm:<op>.
	register := func(op string, before, after registrar) error {
		if err := before.Register(p.name+":before_"+op, func(tx *gorm.DB) {
			tx.InstanceSet(startKey, time.Now())
		}); err != nil {
			return err
		}
		return after.Register(p.name+":after_"+op, func(tx *gorm.DB) {
			if v, ok := tx.InstanceGet(startKey); ok {
				if start, ok := v.(time.Time); ok {
					p.m.ObserveDB(op, time.Since(start))
				}
			}
		})
	}
	for _, err := range []error{
		register("create", cb.Create().Before("gorm:create"), cb.Create().After("gorm:create")),
		register("query", cb.Query().Before("gorm:query"), cb.Query().After("gorm:query")),
		register("update", cb.Update().Before("gorm:update"), cb.Update().After("gorm:update")),
		register("delete", cb.Delete().Before("gorm:delete"), cb.Delete().After("gorm:delete")),
		register("row", cb.Row().Before("gorm:row"), cb.Row().After("gorm:row")),
		register("raw", cb.Raw().Before("gorm:raw"), cb.Raw().After("gorm:raw")),
	} {
		if err != nil {
			return err
		}
	}
	if sqlDB, err := db.DB(); err == nil {
		// Ignore a second registration: the pool is the same one.
		_ = p.m.registry.Register(collectors.NewDBStatsCollector(sqlDB, "main"))
	}
	return nil
}
