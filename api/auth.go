package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

// scheme describes one credential header and its error codes.
type scheme struct {
	header, other    string
	missing, invalid problems.Code
	kind             tenants.KeyKind
}

var (
	publicScheme = scheme{"ApiKey", "ApiSecret", problems.MissingAPIKey, problems.InvalidAPIKey, tenants.Public}
	secretScheme = scheme{"ApiSecret", "ApiKey", problems.MissingAPISecret, problems.InvalidAPISecret, tenants.Secret}
)

// requireKey authenticates the ApiKey or ApiSecret header and, when scope is
// set, checks it. It runs before the handler reads any body.
func (s *server) requireKey(kind tenants.KeyKind, scope string) gin.HandlerFunc {
	sc := publicScheme
	if kind == tenants.Secret {
		sc = secretScheme
	}
	return func(c *gin.Context) {
		value := c.GetHeader(sc.header)
		// Secrets are guessable targets, counted per address and the
		// application they name; public keys are public.
		app, failAuth := credentialApp(value), s.fail
		if kind == tenants.Secret {
			if s.authBlocked(c, app) {
				return
			}
			failAuth = func(c *gin.Context, err error) { s.failAuth(c, app, err) }
		}
		if value == "" {
			s.fail(c, challenge(sc, sc.missing, hint(sc, "", c.GetHeader(sc.other) != "")))
			return
		}
		principal, _, err := s.deps.Tenants.Authenticate(c.Request.Context(), kind, value)
		switch {
		case errors.Is(err, tenants.ErrKeyLocked):
			failAuth(c, problems.New(problems.APIKeyLocked).WithDetail(
				"The %s used has been locked. Unlock it in the admin console, or cancel the application's deletion.", sc.header))
			return
		case errors.Is(err, tenants.ErrKeyInvalid):
			failAuth(c, challenge(sc, sc.invalid, hint(sc, value, false)))
			return
		case err != nil:
			s.fail(c, err)
			return
		}
		if scope != "" && !principal.Key.HasScope(scope) {
			s.fail(c, problems.New(problems.Forbidden).WithDetail(
				"You are unable to access this resource because you do not have the required permissions. Required scopes: %s", scope))
			return
		}
		c.Set(ctxPrincipal, principal)
		// Services record who acted from the context, not from the handler.
		c.Request = c.Request.WithContext(events.WithActor(c.Request.Context(), events.Actor{APIKeyID: principal.Key.ID}))
		c.Next()
	}
}

// challenge is the 401 with upstream's title and hint, and the scheme in
// WWW-Authenticate.
func challenge(sc scheme, code problems.Code, detail string) *problems.Error {
	p := problems.New(code).WithDetail("%s", detail)
	p.Header = http.Header{"WWW-Authenticate": {sc.header}}
	return p
}

// hint picks upstream's detail text for a rejected header (spec §1.2).
func hint(sc scheme, value string, otherPresent bool) string {
	h := sc.header
	switch {
	case value == "" && otherPresent:
		return fmt.Sprintf("A '%s' header was supplied when a '%s' header should have been supplied.", sc.other, h)
	case value == "":
		return fmt.Sprintf("A valid '%s' header is required.", h)
	case strings.HasPrefix(value, "verify_"):
		return fmt.Sprintf("A verify token was supplied instead of your '%s'.", h)
	case strings.HasPrefix(value, "register_"):
		return fmt.Sprintf("A register token was supplied instead of your '%s'.", h)
	case sc.kind == tenants.Secret && strings.Contains(value, ":public:"):
		return "Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'."
	case sc.kind == tenants.Public && strings.Contains(value, ":secret:"):
		return "Your ApiKey header contained a ApiSecret instead of your 'ApiKey'."
	case sc.kind == tenants.Secret && !strings.Contains(value, "secret"),
		sc.kind == tenants.Public && !strings.Contains(value, "public"):
		return fmt.Sprintf("We don't recognize the value you supplied for your '%s'. It started with: '%s'.", h, prefix(value, 10))
	default:
		return fmt.Sprintf("The value of your '%s' is not valid.", h)
	}
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// requireManagement checks the ManagementKey header in constant time.
// Management failures carry no detail, as upstream.
func (s *server) requireManagement() gin.HandlerFunc {
	want := sha256.Sum256([]byte(s.deps.ManagementKey))
	return func(c *gin.Context) {
		if s.authBlocked(c, "") {
			return
		}
		value := c.GetHeader("ManagementKey")
		p := &problems.Error{Header: http.Header{"WWW-Authenticate": {"ManagementKey"}}}
		if value == "" {
			p.Code = problems.MissingManagementKey
			s.fail(c, p)
			return
		}
		got := sha256.Sum256([]byte(value))
		if s.deps.ManagementKey == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			p.Code = problems.InvalidManagementKey
			s.failAuth(c, "", p)
			return
		}
		c.Next()
	}
}

// principalOf returns the authenticated key and app, nil on anonymous routes.
func principalOf(c *gin.Context) *tenants.Principal {
	v, ok := c.Get(ctxPrincipal)
	if !ok {
		return nil
	}
	return v.(*tenants.Principal)
}

// appOf is the application of the authenticated key.
func appOf(c *gin.Context) *tenants.App { return principalOf(c).App }
