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

// public reports whether ip is a public unicast address (not loopback,
// private, link-local, multicast, unspecified, CGNAT or IPv4-mapped
// private).
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	cgnat := netip.MustParsePrefix("100.64.0.0/10")
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !cgnat.Contains(ip)
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
