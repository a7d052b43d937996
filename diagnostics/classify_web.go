package diagnostics

import "passwordless/problems"

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
	// Only atob/btoa throw it in a passkey flow: the page decoding its own
	// options.
	"InvalidCharacterError": specific(problems.PasskeyMisconfigured, Web),
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

// domRule reads a DOMException ({name, message}). A TypeError is the page
// passing options the browser refused, unless its text says more (a network
// failure, an extension's script): textRule reads that, and outranks this.
func domRule(n *node, r *Report) verdict {
	switch n.name {
	case "":
		return verdict{}
	case "TypeError":
		return specific(problems.PasskeyMisconfigured, Web)
	}
	return domVerdict(n.name, r)
}

// stockClientRule reads the stock client's {from:"client", errorCode, title}:
// its title is one of the known texts (textRule). "Unexpected token …" and
// "Unexpected end of JSON input" (a non-JSON answer, from a wrong base URL or
// a failing proxy) are left ambiguous.
func stockClientRule(n *node, _ *Report) verdict {
	if n.from != "client" {
		return verdict{}
	}
	if n.errorCode == "failed_create_credential" {
		return generic(problems.PasskeyPlatformError, Web)
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
