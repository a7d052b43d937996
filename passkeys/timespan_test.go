package passkeys

import (
	"testing"
	"time"
)

func TestParseTimeSpan(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"00:03:00", 3 * time.Minute, false},
		{"00:02:00", 2 * time.Minute, false},
		{"01:00", time.Hour, false},
		{"1.02:03:04", 26*time.Hour + 3*time.Minute + 4*time.Second, false},
		{"00:00:30.5", 30*time.Second + 500*time.Millisecond, false},
		{"00:00:00.0000001", 100 * time.Nanosecond, false},
		{"2", 48 * time.Hour, false},
		{"-00:01:00", -time.Minute, false},
		{" 00:01:00 ", time.Minute, false},
		{"24:00:00", 0, true},
		{"00:60:00", 0, true},
		{"00:00:60", 0, true},
		{"00:00:01.12345678", 0, true},
		{"abc", 0, true},
		{"1:2:3:4", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseTimeSpan(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("ParseTimeSpan(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDeviceDescribe(t *testing.T) {
	var d deviceParser
	tests := []struct{ ua, want string }{
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome, Mac OS X 10"},
		{"", "Other, Other "},
	}
	for _, tt := range tests {
		if got := d.describe(tt.ua); got != tt.want {
			t.Errorf("describe(%q) = %q, want %q", tt.ua, got, tt.want)
		}
	}
}
