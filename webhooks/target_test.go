package webhooks

import (
	"net/netip"
	"testing"
	"time"
)

func TestPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false}, {"::1", false}, {"10.0.0.1", false}, {"172.16.5.4", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fc00::1", false}, {"100.64.0.1", false},
		{"0.0.0.0", false}, {"::", false}, {"224.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:8.8.8.8", true},
	}
	for _, tt := range tests {
		if got := public(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("public(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// TestDialControl: the address is checked after resolution, at connect.
func TestDialControl(t *testing.T) {
	tests := []struct {
		address      string
		allowPrivate bool
		wantErr      bool
	}{
		{"93.184.216.34:443", false, false},
		{"127.0.0.1:443", false, true},
		{"[::1]:443", false, true},
		{"10.0.0.1:80", false, true},
		{"127.0.0.1:443", true, false},
	}
	for _, tt := range tests {
		if err := dialControl(tt.allowPrivate)("tcp", tt.address, nil); (err != nil) != tt.wantErr {
			t.Errorf("dial %s (allowPrivate %v): %v", tt.address, tt.allowPrivate, err)
		}
	}
}

// TestBackoff: 5 s, 30 s, 2 min, 10 min, 1 h, then 3 h, each ±20 %.
func TestBackoff(t *testing.T) {
	want := []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour,
		3 * time.Hour, 3 * time.Hour}
	for i, w := range want {
		mid := backoff(i+1, func() float64 { return 0.5 })
		lo, hi := backoff(i+1, func() float64 { return 0 }), backoff(i+1, func() float64 { return 0.999999 })
		if mid != w || lo != w-w/5 || hi < w+w/5-time.Second || hi > w+w/5 {
			t.Errorf("attempt %d: %v [%v, %v], want %v ±20%%", i+1, mid, lo, hi, w)
		}
	}
}
