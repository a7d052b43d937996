package diagnostics

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ua-parser/uap-go/uaparser"
)

// Device is the segment a ceremony is counted in: the OS family and the
// browser family of the client, never versions, so a tenant's rows stay
// few (at most len(platformFamilies) × len(browserFamilies) per day and
// outcome).
type Device struct {
	Platform string // windows, macos, ios, android, linux, chromeos, other
	Browser  string // chrome, safari, firefox, edge, samsung, opera, brave, webview, app, other
}

// ClientHints are the User-Agent client hints a Chromium browser sends:
// Sec-CH-UA-Platform and Sec-CH-UA, as received.
type ClientHints struct {
	Platform string
	Brands   string
}

// maxDevices bounds the memo of parsed User-Agents: past it, a new string
// is parsed every time rather than remembered, so random User-Agents
// cannot grow memory.
const maxDevices = 10_000

// deviceParser turns a User-Agent into a Device. Parsing with the
// ua-parser regex set costs tens of microseconds; the few distinct
// User-Agents of real traffic are remembered, so a ceremony pays a map
// read. The regex set is compiled on first use.
type deviceParser struct {
	once   sync.Once
	parser *uaparser.Parser
	memo   sync.Map // User-Agent → Device
	size   atomic.Int64
}

var devices deviceParser

// DeviceOf names the segment of a request from its User-Agent and client
// hints; the hints, when sent, win over the User-Agent (Chrome freezes
// parts of it, and Brave or Edge show as Chrome there).
func DeviceOf(userAgent string, hints ClientHints) Device {
	d := devices.parse(userAgent)
	if p := hintPlatform(hints.Platform); p != "" {
		d.Platform = p
	}
	if b := hintBrowser(hints.Brands); b != "" {
		d.Browser = b
	}
	return d
}

func (p *deviceParser) parse(ua string) Device {
	if v, ok := p.memo.Load(ua); ok {
		return v.(Device)
	}
	p.once.Do(func() {
		p.parser, _ = uaparser.New(uaparser.WithMode(uaparser.EUserAgentLookUpMode | uaparser.EOsLookUpMode))
	})
	d := Device{Platform: "other", Browser: "other"}
	if ua == "" {
		return d
	}
	if p.parser != nil {
		d = Device{Platform: platformOfOS(p.parser.ParseOs(ua).Family),
			Browser: browserOfUAFamily(p.parser.ParseUserAgent(ua).Family, ua)}
	}
	if p.size.Load() < maxDevices {
		if _, loaded := p.memo.LoadOrStore(ua, d); !loaded {
			p.size.Add(1)
		}
	}
	return d
}

// platformOfOS folds ua-parser's OS families into a closed set.
func platformOfOS(os string) string {
	switch {
	case os == "Windows":
		return "windows"
	case os == "Mac OS X" || os == "macOS":
		return "macos"
	case os == "iOS" || os == "iPadOS":
		return "ios"
	case os == "Android":
		return "android"
	case os == "Chrome OS" || os == "ChromeOS":
		return "chromeos"
	case os == "Linux" || os == "Ubuntu" || os == "Fedora" || os == "Debian" || os == "Arch Linux":
		return "linux"
	}
	return "other"
}

// browserOfUAFamily folds ua-parser's browser families into a closed set;
// native apps' HTTP stacks (CFNetwork, okhttp, Dalvik) are "app".
func browserOfUAFamily(family, ua string) string {
	f := strings.ToLower(family)
	switch {
	case strings.Contains(f, "webview") || strings.Contains(f, "wkwebview"):
		return "webview"
	case strings.HasPrefix(f, "edge"):
		return "edge"
	case strings.HasPrefix(f, "samsung"):
		return "samsung"
	case strings.HasPrefix(f, "opera"):
		return "opera"
	case strings.HasPrefix(f, "brave"):
		return "brave"
	case strings.HasPrefix(f, "firefox"):
		return "firefox"
	case strings.HasPrefix(f, "chrome") || f == "chromium":
		return "chrome"
	case strings.Contains(f, "safari"):
		return "safari"
	case strings.Contains(ua, "CFNetwork/") || strings.Contains(ua, "Dalvik/") || strings.HasPrefix(ua, "okhttp/"):
		return "app"
	}
	return "other"
}

// hintPlatform reads Sec-CH-UA-Platform ("\"macOS\""); "" when absent or
// unknown.
func hintPlatform(h string) string {
	switch strings.Trim(strings.TrimSpace(h), `"`) {
	case "":
		return ""
	case "Windows":
		return "windows"
	case "macOS":
		return "macos"
	case "iOS":
		return "ios"
	case "Android":
		return "android"
	case "Chrome OS", "ChromeOS":
		return "chromeos"
	case "Linux":
		return "linux"
	}
	return "other"
}

// hintBrowser reads the brand list of Sec-CH-UA; the specific brand wins
// over "Chromium" and the GREASE brand ("Not-A.Brand"). "" when absent.
func hintBrowser(brands string) string {
	out := ""
	for _, b := range strings.Split(brands, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(b), ";")
		switch strings.Trim(name, `"`) {
		case "Google Chrome":
			return "chrome"
		case "Microsoft Edge":
			return "edge"
		case "Opera", "Opera GX":
			return "opera"
		case "Brave":
			return "brave"
		case "Samsung Internet":
			return "samsung"
		case "Chromium":
			out = "chrome"
		}
	}
	return out
}

// PlatformOfDevice is the platform family of a passkey's stored device
// ("<browser family>, <OS family> <OS major>", package passkeys).
func PlatformOfDevice(device string) string {
	_, os, ok := strings.Cut(device, ", ")
	if !ok {
		return "other"
	}
	os = strings.TrimRight(os, "0123456789 ")
	return platformOfOS(os)
}
