// Package httpmw is the plain net/http middleware the server puts in front
// of the handlers it mounts beside the API (the admin console): a trace id,
// the client address behind trusted proxies, Connection: close while
// draining and a recovered panic. The API has its own gin chain; nothing
// here adds CORS headers, which the console must never send.
package httpmw

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"passwordless/internal/randtoken"
	"passwordless/tracelog"
)

// Chain wraps h in mw, the first of mw outermost.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// TraceID gives every request an id in its Trace-Id header and in the log
// lines written with its context, as the API does.
func TraceID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := randtoken.Hex(16)
		w.Header().Set("Trace-Id", id)
		next.ServeHTTP(w, r.WithContext(tracelog.WithTraceID(r.Context(), id)))
	})
}

// Recover answers a panic with a plain 500 and logs it; the handler's
// half-written answer, if any, is cut (http.ErrAbortHandler passes).
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.ErrorContext(r.Context(), "http: panic", "path", r.URL.Path, "err", fmt.Sprint(v))
					http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// CloseWhen asks the client to close its connection after the answer
// while draining reports true (shutting down).
func CloseWhen(draining func() bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if draining != nil && draining() {
				w.Header().Set("Connection", "close")
			}
			next.ServeHTTP(w, r)
		})
	}
}

type clientIPKey struct{}

// ClientIP is the client address ClientAddress put in ctx ("" without).
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

// ClientAddress works out the client address as the API's router does:
// the connection's address, or, when that is a trusted proxy, the
// right-most address of X-Forwarded-For (then X-Real-IP) that is not a
// trusted proxy. trusted are addresses or CIDR prefixes; an entry that is
// neither is an error.
func ClientAddress(trusted []string) (func(http.Handler) http.Handler, error) {
	var prefixes []netip.Prefix
	for _, t := range trusted {
		p, err := netip.ParsePrefix(t)
		if err != nil {
			a, aerr := netip.ParseAddr(t)
			if aerr != nil {
				return nil, fmt.Errorf("httpmw: trusted proxy %q is no address or CIDR prefix", t)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		prefixes = append(prefixes, p.Masked())
	}
	isTrusted := func(s string) bool {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			return false
		}
		a = a.Unmap()
		for _, p := range prefixes {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := clientAddress(r, isTrusted)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
		})
	}, nil
}

func clientAddress(r *http.Request, trusted func(string) bool) string {
	remote, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		remote = r.RemoteAddr
	}
	if !trusted(remote) {
		return remote
	}
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
		hops := strings.Split(xff, ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop := strings.TrimSpace(hops[i])
			if _, err := netip.ParseAddr(hop); err != nil {
				break // a malformed hop: trust nothing before it
			}
			if i == 0 || !trusted(hop) {
				return hop
			}
		}
	}
	if real := strings.TrimSpace(r.Header.Get("X-Real-IP")); real != "" {
		if _, err := netip.ParseAddr(real); err == nil {
			return real
		}
	}
	return remote
}

// HSTSMaxAge is a year, as the API sends it (no includeSubDomains: other
// hosts under PUBLIC_URL's domain are not ours to move to https).
const HSTSMaxAge = "max-age=31536000"

// StrictTransport sends Strict-Transport-Security on every answer when
// publicURL is https, as the API's security headers do: a browser that
// once saw the server must never be downgraded to plain http, where the
// console's cookies would travel in clear.
func StrictTransport(publicURL string) func(http.Handler) http.Handler {
	https := len(publicURL) >= len("https://") && strings.EqualFold(publicURL[:len("https://")], "https://")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if https {
				w.Header().Set("Strict-Transport-Security", HSTSMaxAge)
			}
			next.ServeHTTP(w, r)
		})
	}
}
