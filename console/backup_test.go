package console

import "testing"

func TestBackup_BothFlagsInWords(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name            string
		eligible, state *bool
		want            string
	}{
		{"eligible and backed up", &yes, &yes, "Synced passkey"},
		{"eligible, not backed up yet", &yes, &no, "Can sync, not synced yet"},
		{"not eligible", &no, &no, "This device only"},
		{"backed up without the eligible flag recorded", nil, &yes, "Synced passkey"},
		{"registered before the flags were recorded", nil, nil, "Unknown"},
	}
	for _, tt := range tests {
		if got := backup(tt.eligible, tt.state); got != tt.want {
			t.Errorf("%s: backup = %q, want %q", tt.name, got, tt.want)
		}
	}
}
