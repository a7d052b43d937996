package webhooks

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"code.dny.dev/ssrf"

	"passwordless/problems"
)

// checkURL validates an endpoint URL when it is added: absolute, https
// (http only when private targets are allowed, for development), no
// credentials, and not an address inside our network unless allowed. The
// address is checked again at every send (the dialer), since DNS can
// change after the endpoint is added.
func checkURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return problems.Validation("url", "The url must be an absolute https URL.")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowPrivate:
	default:
		return problems.Titled(problems.WebhookURLNotAllowed, "Webhook URLs must use https.")
	}
	if u.User != nil {
		return problems.Validation("url", "The url must not carry credentials.")
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !allowPrivate && !public(ip) {
		return problems.Titled(problems.WebhookURLNotAllowed, "Webhook URLs must not point at private addresses.")
	}
	return nil
}

// guardian refuses every address in the IANA special-purpose address
// registries, IPv4 and IPv6 (loopback, private, shared/CGNAT, link-local
// and the cloud metadata address, "this network", IETF protocol
// assignments 192.0.0.0/24, documentation, benchmarking 198.18.0.0/15,
// reserved 240.0.0.0/4, multicast, 6to4 2002::/16, Teredo, ...), and any
// IPv6 address outside global unicast 2000::/3 (NAT64 64:ff9b::/96,
// IPv4-compatible ::a.b.c.d, ULA, link-local, multicast). The table is
// code.dny.dev/ssrf's, generated from the registries
// (https://www.iana.org/assignments/iana-ipv4-special-registry,
// https://www.iana.org/assignments/iana-ipv6-special-registry), so a new
// registry entry arrives with a module update. Any port is allowed: a
// receiver may listen where it likes.
var guardian = ssrf.New(ssrf.WithAnyPort())

// public reports whether ip is an address a webhook may be sent to: not
// in any special-purpose range. An IPv4-mapped address (::ffff:a.b.c.d)
// is judged as the IPv4 address it carries, which is what is dialled.
func public(ip netip.Addr) bool {
	return ip.IsValid() && guardian.SafeAddr(ip.Unmap()) == nil
}

// errPrivateTarget is the dial error for a refused address.
var errPrivateTarget = errors.New("webhooks: target address is not public")

// dialControl refuses, after DNS resolution and before connecting, any
// address that is not public unless allowPrivate.
func dialControl(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(_, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !public(ap.Addr()) {
			return fmt.Errorf("%w: %s", errPrivateTarget, address)
		}
		return nil
	}
}

// clientOptions shape the delivery HTTP client.
type clientOptions struct {
	// timeout bounds a whole attempt; connect bounds the TCP connection
	// and, again, the TLS handshake; header bounds the wait for the
	// answer's status and headers once the request is written (a receiver
	// that dribbles its headers is cut off there).
	timeout, connect, header time.Duration
	allowPrivate             bool
	// resolver, when set, replaces the system's (tests: a name that
	// resolves into a refused range).
	resolver *net.Resolver
}

// newClient is the delivery HTTP client: short connect and first-answer
// timeouts within the attempt's, no proxy from the environment, no
// redirects followed, the address checked at connect time.
func newClient(o clientOptions) *http.Client {
	dialer := &net.Dialer{Timeout: o.connect, Control: dialControl(o.allowPrivate), Resolver: o.resolver}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   o.connect,
		ResponseHeaderTimeout: o.header,
		MaxIdleConnsPerHost:   perEndpoint,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Timeout:   o.timeout,
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// maxResponseBody is how much of a receiver's answer is read.
const maxResponseBody = 4 << 10

// drain reads at most maxResponseBody bytes of body and closes it.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxResponseBody))
	_ = body.Close()
}
