package server

import (
	"net/http"
	"strings"

	"passwordless/console"
	"passwordless/httpmw"
)

// mount puts the admin console beside the API: /console and everything
// under it go to the console through plain net/http middleware (a trace
// id, Strict-Transport-Security on https, the client address behind
// trusted proxies, Connection: close while draining, a recovered panic), never through the API's gin chain and its
// CORS headers; GET / redirects to the console; every other path is the
// API's, unchanged (no path cleaning on the way).
func (srv *Server) mount(cfg Config, apiHandler http.Handler) (http.Handler, error) {
	clientAddress, err := httpmw.ClientAddress(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	consoleHandler := httpmw.Chain(http.HandlerFunc(srv.serveConsole),
		httpmw.TraceID, httpmw.StrictTransport(cfg.PublicURL), httpmw.Recover(cfg.Logger), httpmw.CloseWhen(srv.draining.Load),
		clientAddress)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/console" || strings.HasPrefix(p, "/console/"):
			consoleHandler.ServeHTTP(w, r)
		case p == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			http.Redirect(w, r, "/console", http.StatusFound)
		default:
			apiHandler.ServeHTTP(w, r)
		}
	}), nil
}

// serveConsole hands the console the client address the middleware worked
// out, for its per-address limit of ceremony calls.
func (srv *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	srv.Console.ServeHTTP(w, r.WithContext(console.WithClientIP(r.Context(), httpmw.ClientIP(r.Context()))))
}
