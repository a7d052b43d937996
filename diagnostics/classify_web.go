package diagnostics

import (
	"strings"

	"passwordless/problems"
)

// domNames are the DOMException names WebAuthn rejects with.
var domNames = map[string]verdict{
	"NotAllowedError":   specific(problems.PasskeyNotAllowed, Web),
	"NotSupportedError": specific(problems.PasskeyNotSupported, Web),
	"ConstraintError":   specific(problems.PasskeyNotSupported, Web),
	"AbortError":        specific(problems.PasskeyInterrupted, Web),
	"SecurityError":     specific(problems.PasskeyMisconfigured, Web),
	"TimeoutError":      specific(problems.PasskeyTimeout, Web),
	"NetworkError":      specific(problems.PasskeyNetworkError, Web),
	"UnknownError":      generic(problems.PasskeyPlatformError, Web),
	"NotReadableError":  generic(problems.PasskeyPlatformError, Web),
	"EncodingError":     generic(problems.PasskeyPlatformError, Web),
	"DataError":         generic(problems.PasskeyPlatformError, Web),
	"OperationError":    generic(problems.PasskeyPlatformError, Web),
}

// domVerdict classifies a DOMException name. InvalidStateError means "this
// authenticator already holds one of the excluded credentials" on
// registration and "this authenticator holds none of the allowed ones" on
// sign-in (Firefox with a security key).
func domVerdict(name string, r *Report) verdict {
	if name == "InvalidStateError" {
		if r.Ceremony == SignIn {
			return specific(problems.PasskeyNoCredentials, Web)
		}
		return specific(problems.PasskeyAlreadyRegistered, Web)
	}
	return domNames[name]
}

// domRule reads a DOMException ({name, message}). A TypeError is read by
// its message only for the engines' network failures, which the stock
// client reports the same way.
func domRule(n *node, r *Report) verdict {
	if n.name == "" {
		return verdict{}
	}
	if n.name == "TypeError" {
		for _, t := range n.texts {
			if v := stockTitle(t, r); v.kind != kindNone {
				return v
			}
		}
		return specific(problems.PasskeyMisconfigured, Web) // the page passed options the browser refused
	}
	return domVerdict(n.name, r)
}

// stockTitles are the English messages the stock browser client passes on
// as `title` (spec/clients.md §2.7), lowercased; the client carries nothing
// else, so this is the one place text decides.
var stockTitles = []struct {
	text string
	dom  string // classify as this DOMException
	code problems.Code
}{
	{text: "the operation either timed out or was not allowed", dom: "NotAllowedError"},
	{text: "the request is not allowed by the user agent or the platform", dom: "NotAllowedError"},
	{text: "this request has been cancelled by the user", dom: "NotAllowedError"}, // Safari, cancelled or not
	{text: "credential creation was cancelled by the user", dom: "NotAllowedError"},
	{text: "one of the credentials already registered", dom: "InvalidStateError"},
	{text: "an attempt was made to use an object that is not, or is no longer, usable", dom: "InvalidStateError"},
	{text: "signal is aborted without reason", dom: "AbortError"},
	{text: "the operation was aborted", dom: "AbortError"},
	{text: "this is an invalid domain", dom: "SecurityError"},
	{text: "is not a registrable domain suffix", dom: "SecurityError"},
	{text: "the operation is insecure", dom: "SecurityError"},
	{text: "is not supported in this browser", dom: "NotSupportedError"},
	// Chromium's own messages (credentials_container.cc), read more closely
	// than their DOMException names allow.
	{text: "recognized none of the provided credentials", code: problems.PasskeyNoCredentials},
	{text: "a request is already pending", code: problems.PasskeyInterrupted},
	{text: "because the page does not have focus", code: problems.PasskeyInterrupted},
	{text: "effective domain is not a valid domain", dom: "SecurityError"},
	{text: "only available to https origin", code: problems.PasskeyMisconfigured},
	{text: "unless the device is secured with a screen lock", code: problems.PasskeyDeviceNotConfigured},
	{text: "are supported by this device", code: problems.PasskeyNotSupported},
	{text: "is not supported on this device", code: problems.PasskeyNotSupported},
	{text: "failed to fetch", code: problems.PasskeyNetworkError},
	{text: "load failed", code: problems.PasskeyNetworkError},
	{text: "networkerror when attempting to fetch resource", code: problems.PasskeyNetworkError},
}

func stockTitle(title string, r *Report) verdict {
	t := strings.ToLower(title)
	for _, s := range stockTitles {
		if !strings.Contains(t, s.text) {
			continue
		}
		if s.dom != "" {
			return domVerdict(s.dom, r)
		}
		return specific(s.code, Web)
	}
	return verdict{}
}

// stockClientRule reads the stock client's {from:"client", errorCode, title}.
// "Unexpected token …"/"Unexpected end of JSON input" (a non-JSON answer,
// from a wrong base URL or a failing proxy) is left ambiguous.
func stockClientRule(n *node, r *Report) verdict {
	if n.from != "client" {
		return verdict{}
	}
	if n.errorCode == "failed_create_credential" {
		return generic(problems.PasskeyPlatformError, Web)
	}
	if v := stockTitle(n.title, r); v.kind != kindNone {
		return v
	}
	return generic(problems.PasskeyUnknown, Web)
}

// seedResultRule reads a result code of the form error-10xx (seed 004). The
// failure to create a credential (1001) and the unknown error (1099) carry
// the DOMException in their message, which hintRule reads.
func seedResultRule(n *node, _ *Report) verdict {
	switch n.status {
	case "":
		return verdict{}
	case "error-1000", "error-1003":
		return specific(problems.PasskeyMisconfigured, Web)
	case "error-1002":
		return specific(problems.PasskeyNetworkError, Web)
	case "error-1004":
		return specific(problems.PasskeyNotSupported, Web)
	case "error-1001":
		return generic(problems.PasskeyPlatformError, Web)
	}
	return generic(problems.PasskeyUnknown, Web)
}
