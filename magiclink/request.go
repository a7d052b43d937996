package magiclink

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"passwordless/problems"
)

// TTL bounds of a magic link, in seconds (spec §7).
const (
	DefaultTTL = 3600
	MaxTTL     = 604800
)

// TokenPlaceholder is replaced by the token in the URL template. Only this
// exact spelling is replaced; the validation check ignores case, as
// upstream's does, so "$token" passes and is sent unreplaced.
const TokenPlaceholder = "$TOKEN"

// Validation messages, upstream's exact texts (spec §3.1): the keys are
// camelCase and the messages name the PascalCase property.
const (
	msgEmailRequired    = "The EmailAddress field is required."
	msgEmailInvalid     = "The EmailAddress field is not a valid e-mail address."
	msgTemplateRequired = "The UrlTemplate field is required."
	msgTemplateNoToken  = "You have provided a UrlTemplate without a $TOKEN template. Please include it like so: https://www.example.com?token=$TOKEN"
	msgTemplateNotURL   = "You have provided a UrlTemplate that cannot be converted to a URL."
	msgUserIDRequired   = "The UserId field is required."
)

// Request is the body of POST /magic-links/send.
type Request struct {
	EmailAddress string
	URLTemplate  string
	UserID       string
	// TimeToLive is in seconds; nil means DefaultTTL.
	TimeToLive *int64
}

// Validate checks every field and reports all failures at once, as
// upstream's model validation does.
func (r Request) Validate() error {
	var p *problems.Error
	add := func(field, msg string) {
		if p == nil {
			p = problems.Validation(field, msg)
			return
		}
		p = p.WithField(field, msg)
	}
	switch email := strings.TrimSpace(r.EmailAddress); {
	case email == "":
		add("emailAddress", msgEmailRequired)
	case !validEmail(email):
		add("emailAddress", msgEmailInvalid)
	}
	if msg := checkTemplate(r.URLTemplate); msg != "" {
		add("urlTemplate", msg)
	}
	if strings.TrimSpace(r.UserID) == "" {
		add("userId", msgUserIDRequired)
	}
	if ttl := r.TimeToLive; ttl != nil && (*ttl < 1 || *ttl > MaxTTL) {
		add("timeToLive", "The field TimeToLive must be between 1 and "+strconv.Itoa(MaxTTL)+".")
	}
	if p == nil {
		return nil
	}
	return p
}

// TTL is the link's lifetime.
func (r Request) TTL() time.Duration {
	if r.TimeToLive == nil {
		return DefaultTTL * time.Second
	}
	return time.Duration(*r.TimeToLive) * time.Second
}

// validEmail accepts a bare address that a mail library can send to.
// Upstream accepts anything with one inner '@' and then fails with a 500
// when its mail library rejects it; parsing here turns that into a 400.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

func checkTemplate(t string) string {
	if strings.TrimSpace(t) == "" {
		return msgTemplateRequired
	}
	if !strings.Contains(strings.ToUpper(t), TokenPlaceholder) {
		return msgTemplateNoToken
	}
	u, err := url.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return msgTemplateNotURL
	}
	return ""
}

// Link is the template with the token in place of $TOKEN. The token is
// base64url and JWT-dot separated, so it needs no escaping.
func (r Request) Link(token string) string {
	return strings.ReplaceAll(r.URLTemplate, TokenPlaceholder, token)
}
