package quota

import (
	"net/netip"
	"strings"
)

// DefaultIPv6Prefix is the network size (in bits) an IPv6 client is counted
// by. One subscriber, phone or cloud host is routinely given a whole /64,
// so counting per /128 lets a single client spend a fresh budget from every
// one of its 2^64 addresses.
const DefaultIPv6Prefix = 64

// clientKey is the counter name of a client address for every per-address
// limit: an IPv4 address as it is (an IPv4-mapped IPv6 address counts as
// its IPv4 address), an IPv6 address as its network of prefix bits
// ("2001:db8:1:2::/64"). A caller may scope its own counter as
// "<scope>:<address>" (the console does); the scope is kept and the address
// part grouped alike. Anything else that is not an address is used as it is.
func clientKey(addr string, prefix int) string {
	if k, ok := addressKey(addr, prefix); ok {
		return k
	}
	if scope, rest, found := strings.Cut(addr, ":"); found {
		if k, ok := addressKey(rest, prefix); ok {
			return scope + ":" + k
		}
	}
	return addr
}

func addressKey(s string, prefix int) (string, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return "", false
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String(), true
	}
	if prefix <= 0 || prefix > 128 {
		prefix = DefaultIPv6Prefix
	}
	p, err := a.Prefix(prefix)
	if err != nil {
		return a.String(), true
	}
	return p.String(), true
}
