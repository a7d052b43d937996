package console

import "strings"

func init() { funcs["device"] = deviceText }

// deviceText words a passkey's device as stored upstream's way ("<browser>,
// <OS> <major>", "Other, Other " when unknown) and its country: "Chrome on
// Linux (DE)", "Chrome on Mac OS X 10", "Unknown device" — never an empty
// "()" nor a dangling space.
func deviceText(device, country string) string {
	browser, os, _ := strings.Cut(device, ",")
	browser, os = strings.TrimSpace(browser), strings.TrimSpace(os)
	if browser == "Other" {
		browser = ""
	}
	if os == "Other" {
		os = ""
	}
	var out string
	switch {
	case browser != "" && os != "":
		out = browser + " on " + os
	case browser != "" || os != "":
		out = browser + os
	default:
		out = "Unknown device"
	}
	if c := strings.TrimSpace(country); c != "" {
		out += " (" + c + ")"
	}
	return out
}
