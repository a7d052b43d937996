package diagnostics

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxDeviceID bounds a client-provided device id.
const maxDeviceID = 200

// deviceKey names the device a prompt decision is about: the client's own
// device id when it sends one (native apps, or a page that keeps one),
// else the platform and browser family of its User-Agent ("ua:ios/safari").
// Families, not versions: a browser update is the same device. The id is
// hashed, so what is stored is bounded and says nothing of its own.
// fallback is the report's platform, used when the User-Agent names none.
func deviceKey(deviceID, userAgent, fallback string) string {
	if id := strings.TrimSpace(deviceID); id != "" {
		if len(id) > maxDeviceID {
			id = id[:maxDeviceID]
		}
		sum := sha256.Sum256([]byte(id))
		return "id:" + hex.EncodeToString(sum[:16])
	}
	platform := platformFamily(userAgent)
	if platform == "other" && fallback != "" {
		platform = fallback
	}
	return "ua:" + platform + "/" + browserFamily(userAgent)
}

// family is one rule: the first whose marker occurs names the family.
type family struct{ name, marker string }

var platforms = []family{
	{"ios", "iphone"}, {"ios", "ipad"}, {"ios", "ipod"},
	{"android", "android"}, {"android", "okhttp"},
	{"chromeos", "cros"}, {"windows", "windows"},
	{"macos", "macintosh"}, {"macos", "mac os x"},
	{"ios", "cfnetwork"}, // a native Apple app's URLSession
	{"linux", "linux"},
}

// browsers are tested in order: Edge, Opera and Samsung also say "Chrome",
// Chrome also says "Safari".
var browsers = []family{
	{"edge", "edg"}, {"opera", "opr/"}, {"samsung", "samsungbrowser"},
	{"firefox", "firefox"}, {"firefox", "fxios"},
	{"chrome", "crios"}, {"chrome", "chrome"},
	{"safari", "safari"}, {"app", "cfnetwork"}, {"app", "okhttp"},
}

func platformFamily(userAgent string) string { return match(platforms, userAgent) }

func browserFamily(userAgent string) string { return match(browsers, userAgent) }

func match(rules []family, userAgent string) string {
	ua := strings.ToLower(userAgent)
	for _, f := range rules {
		if strings.Contains(ua, f.marker) {
			return f.name
		}
	}
	return "other"
}
