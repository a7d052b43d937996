package passkeys

import (
	"sync"

	"github.com/ua-parser/uap-go/uaparser"
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
