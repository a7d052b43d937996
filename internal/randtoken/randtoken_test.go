package randtoken_test

import (
	"encoding/base64"
	"encoding/hex"
	"testing"

	"passwordless/internal/randtoken"
)

func TestRandom_IsFreshAndOfTheAskedLength(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		v := randtoken.URL(16)
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil || len(b) != 16 {
			t.Fatalf("URL(16) = %q: %v, %d bytes", v, err, len(b))
		}
		if seen[v] {
			t.Fatalf("URL(16) repeated %q", v)
		}
		seen[v] = true
	}
	if b, err := hex.DecodeString(randtoken.Hex(16)); err != nil || len(b) != 16 {
		t.Fatalf("Hex(16): %v, %d bytes", err, len(b))
	}
}

func TestMAC_SignsInADomain(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tests := []struct {
		name           string
		d1, v1, d2, v2 string
		key2           []byte
		want           bool
	}{
		{"same domain and value", "csrf", "abc", "csrf", "abc", key, true},
		{"another domain", "csrf", "abc", "setup", "abc", key, false},
		{"a domain cannot absorb the value", "csrf", "abc", "csrfa", "bc", key, false},
		{"another value", "invite", "abc", "invite", "abd", key, false},
		{"another key", "invite", "abc", "invite", "abc", []byte("another key of thirty-two bytes!"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := randtoken.MAC(key, tt.d1, tt.v1), randtoken.MAC(tt.key2, tt.d2, tt.v2)
			if got := randtoken.Equal(a, b); got != tt.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", a, b, got, tt.want)
			}
		})
	}
}
