package webhooks

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"passwordless/problems"
)

// refused are addresses of every kind a webhook must never reach: the
// IANA special-purpose ranges of both families (issue 24 found the ones
// marked new accepted and dialled), IPv6 outside global unicast, and
// IPv4-mapped forms of refused IPv4 addresses.
var refused = []string{
	"127.0.0.1", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1",
	"100.64.0.1", "0.0.0.0", "::", "224.0.0.1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "ff02::1",
	"64:ff9b::7f00:1", "64:ff9b::808:808", // new: NAT64, to loopback and to a public address
	"2002:7f00:1::1", "2002:808:808::1", // new: 6to4
	"::127.0.0.1", "::8.8.8.8", // new: IPv4-compatible
	"192.0.0.1", "192.0.0.170", // new: IETF protocol assignments
	"198.18.0.1", "198.19.255.254", // new: benchmarking
	"240.0.0.1", "255.255.255.255", // new: reserved, limited broadcast
	"192.0.2.10", "198.51.100.1", "203.0.113.7", // new: documentation
	"0.1.2.3", "192.88.99.1", "192.31.196.1", "192.52.193.1", "192.175.48.1",
	"2001:db8::1", "3fff::1", "2001::1", "2001:2::1", "2001:10::1", "2001:20::1", "64:ff9b:1::1", "100::1",
	"2620:4f:8000::1", "5f00::1",
}

// allowed are public addresses.
var allowed = []string{"93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:2800:220:1:248:1893:25c8:1946",
	"2a00:1450:4001:82b::200e", "::ffff:8.8.8.8"}

func TestPublic(t *testing.T) {
	for _, addr := range refused {
		if public(netip.MustParseAddr(addr)) {
			t.Errorf("public(%s) = true, want it refused", addr)
		}
	}
	for _, addr := range allowed {
		if !public(netip.MustParseAddr(addr)) {
			t.Errorf("public(%s) = false, want it allowed", addr)
		}
	}
}

// TestCheckURL_RefusesSpecialPurposeAddresses: an endpoint URL naming a
// refused address is not added (webhook_url_not_allowed), unless private
// targets are allowed (development).
func TestCheckURL_RefusesSpecialPurposeAddresses(t *testing.T) {
	for _, addr := range refused {
		u := "https://" + netip.AddrPortFrom(netip.MustParseAddr(addr), 443).String() + "/in"
		var p *problems.Error
		if err := checkURL(u, false); !errors.As(err, &p) || p.Code != problems.WebhookURLNotAllowed {
			t.Errorf("checkURL(%s) = %v, want webhook_url_not_allowed", u, err)
		}
		if err := checkURL(u, true); err != nil {
			t.Errorf("checkURL(%s) with private targets allowed = %v", u, err)
		}
	}
	for _, addr := range allowed {
		u := "https://" + netip.AddrPortFrom(netip.MustParseAddr(addr), 8443).String() + "/in"
		if err := checkURL(u, false); err != nil {
			t.Errorf("checkURL(%s) = %v, want it allowed", u, err)
		}
	}
}

// TestDialControl: the address is checked after resolution, at connect.
func TestDialControl(t *testing.T) {
	for _, addr := range refused {
		address := netip.AddrPortFrom(netip.MustParseAddr(addr), 443).String()
		if err := dialControl(false)("tcp", address, nil); !errors.Is(err, errPrivateTarget) {
			t.Errorf("dial %s: %v, want it refused", address, err)
		}
	}
	for _, addr := range allowed {
		address := netip.AddrPortFrom(netip.MustParseAddr(addr), 443).String()
		if err := dialControl(false)("tcp", address, nil); err != nil {
			t.Errorf("dial %s: %v, want it allowed", address, err)
		}
	}
	if err := dialControl(true)("tcp", "127.0.0.1:443", nil); err != nil {
		t.Errorf("dial loopback with private targets allowed: %v", err)
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
