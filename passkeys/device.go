package passkeys

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/ua-parser/uap-go/uaparser"

	"passwordless/events"
	"passwordless/problems"
)

// deviceParser names the device of a User-Agent the way upstream stores
// it: "<browser family>, <OS family> <OS major>", e.g. "Chrome, Mac OS X 10";
// with no User-Agent, "Other, Other ". The regex set is compiled on first
// use, since it costs tens of milliseconds and many processes never
// register a passkey.
type deviceParser struct {
	once   sync.Once
	parser *uaparser.Parser
}

func (d *deviceParser) describe(userAgent string) string {
	d.once.Do(func() {
		d.parser, _ = uaparser.New(uaparser.WithMode(uaparser.EUserAgentLookUpMode | uaparser.EOsLookUpMode))
	})
	if d.parser == nil {
		return "Other, Other "
	}
	ua := d.parser.ParseUserAgent(userAgent)
	os := d.parser.ParseOs(userAgent)
	return ua.Family + ", " + os.Family + " " + os.Major
}

// deviceOf is the device a ceremony's event names: the one just stored on
// the credential ("Safari on iOS"), "" when none was.
func deviceOf(c *Credential) string {
	if c == nil || c.Device == nil {
		return ""
	}
	return *c.Device
}

// eventDevice is the device a begin call's event names, from the
// request's User-Agent: "" without one.
func (s *Service) eventDevice(userAgent string) string {
	if userAgent == "" {
		return ""
	}
	return s.devices.describe(userAgent)
}

// recordRefused puts a complete call the server refused on userID's
// timeline, with the problem's errorCode and the device: a verification
// or policy failure (4xx) only; a server fault is the service's, not the
// user's story. Best effort: the caller answers the refusal whatever
// happens here.
func (s *Service) recordRefused(ctx context.Context, tenant, userID string, typ events.Type, userAgent string, err error) {
	var p *problems.Error
	if userID == "" || !errors.As(err, &p) || p.StatusCode() >= http.StatusInternalServerError {
		return
	}
	what := "Passkey registration for user " + userID
	if typ == events.APIUserSignInFailed {
		what = "Sign-in of user " + userID
	}
	e := events.About(tenant, userID, typ, what+" was refused by the server: "+string(p.Code))
	e.Severity = events.Warning
	e.Device = s.eventDevice(userAgent)
	_ = s.events.Record(ctx, e)
}
