package console

import "testing"

func TestDeviceText_NeverEmptyParentheses(t *testing.T) {
	tests := []struct{ device, country, want string }{
		{"Chrome, Linux ", "", "Chrome on Linux"},
		{"Chrome, Mac OS X 10", "DE", "Chrome on Mac OS X 10 (DE)"},
		{"Other, Other ", "", "Unknown device"},
		{"", "", "Unknown device"},
		{"Firefox, Other ", " ", "Firefox"},
	}
	for _, tt := range tests {
		if got := deviceText(tt.device, tt.country); got != tt.want {
			t.Errorf("deviceText(%q, %q) = %q, want %q", tt.device, tt.country, got, tt.want)
		}
	}
}
