package storage

import "gorm.io/gorm"

// translator is the gorm plugin that passes every statement's error through
// Translate, so no store reads a driver error itself.
type translator struct{}

func (translator) Name() string { return "storage:translate" }

// Initialize registers the translation after every other callback of each
// kind of statement (create, query, update, delete, row, raw).
func (translator) Initialize(db *gorm.DB) error {
	cb := db.Callback()
	fn := func(tx *gorm.DB) {
		if tx.Error != nil {
			tx.Error = Translate(tx.Error)
		}
	}
	for _, p := range []interface {
		Register(name string, fn func(*gorm.DB)) error
	}{
		cb.Create().After("*"), cb.Query().After("*"), cb.Update().After("*"),
		cb.Delete().After("*"), cb.Row().After("*"), cb.Raw().After("*"),
	} {
		if err := p.Register("storage:translate", fn); err != nil {
			return err
		}
	}
	return nil
}
