package storage_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"passwordless/storage"
)

// TestLogger_NeverPrintsQueryValues: a failed query is logged with its
// SQL but with placeholders, through every gorm path (Scan uses a separate
// recorder that once printed the values).
func TestLogger_NeverPrintsQueryValues(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	db, err := storage.Open(context.Background(), "sqlite://"+filepath.Join(t.TempDir(), "l.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out struct{ N int64 }
	queries := map[string]func() error{
		"Scan": func() error {
			return db.Gorm.Raw("SELECT COUNT(*) AS n FROM missing WHERE tenant = ?", "tenant-literal").Scan(&out).Error
		},
		"Find": func() error {
			return db.Gorm.Table("missing").Where("user_id = ?", "user-literal").Find(&[]map[string]any{}).Error
		},
		"Exec": func() error { return db.Gorm.Exec("DELETE FROM missing WHERE user_id = ?", "exec-literal").Error },
		"Count": func() error {
			return db.Gorm.Table("missing").Where("user_id = ?", "count-literal").Count(&out.N).Error
		},
	}
	for name, q := range queries {
		if err := q(); err == nil {
			t.Fatalf("%s: query on a missing table succeeded", name)
		}
	}
	text := logs.String()
	if strings.Count(text, "SQL executed") < len(queries) {
		t.Fatalf("want a log line per failed query, got:\n%s", text)
	}
	if strings.Contains(text, "-literal") {
		t.Errorf("a query value reached the log:\n%s", text)
	}
}
