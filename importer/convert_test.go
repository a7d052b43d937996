package importer

import (
	"testing"
	"time"
)

// TestParseTime_ReadsWhatEFCoreWrites: DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF"
// (trailing zeros and a zero fraction dropped), DateTimeOffset with its
// offset (rows older than upstream's 20240228 migration), DateOnly.
func TestParseTime_ReadsWhatEFCoreWrites(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-01 10:11:12.1234567", time.Date(2024, 3, 1, 10, 11, 12, 123456700, time.UTC)},
		{"2024-03-01 10:11:12", time.Date(2024, 3, 1, 10, 11, 12, 0, time.UTC)},
		{"2024-03-01 10:11:12.5+02:00", time.Date(2024, 3, 1, 8, 11, 12, 500000000, time.UTC)},
		{"2024-03-01T10:11:12Z", time.Date(2024, 3, 1, 10, 11, 12, 0, time.UTC)},
		{"2024-03-01", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"0001-01-01 00:00:00", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := parseTime("yesterday"); err == nil {
		t.Error("parseTime accepted text")
	}
}

func TestHints_MapsEnumNamesToWireValues(t *testing.T) {
	got, err := hints("SecurityKey,ClientDevice,Hybrid")
	if err != nil || len(got) != 3 || got[0] != "security-key" || got[1] != "client-device" || got[2] != "hybrid" {
		t.Errorf("hints = %v, %v", got, err)
	}
	if got, err := hints(""); err != nil || got != nil {
		t.Errorf("empty hints = %v, %v", got, err)
	}
	if _, err := hints("Telepathy"); err == nil {
		t.Error("unknown hint accepted")
	}
}
