// Android Credential Manager rules. (Not classify_android.go: a file ending
// in _android.go builds only for GOOS=android.)

package diagnostics

import (
	"strings"

	"passwordless/problems"
)

// androidRule reads a Credential Manager exception by its type: a class
// name (androidx.credentials.exceptions.NoCredentialException), a type
// constant (android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL,
// androidx.credentials.TYPE_GET_CREDENTIAL_CANCELLATION_EXCEPTION), or a
// DOM exception's "<type>/<domError type>".
func androidRule(n *node, r *Report) verdict {
	if n.typ == "" {
		if n.domError != "" { // a bare domError member: the DOM exception's error alone
			return androidDOM(n.domError, r)
		}
		return verdict{}
	}
	typ, dom := n.typ, n.domError
	if i := strings.Index(typ, "/"); i >= 0 {
		if dom == "" {
			dom = typ[i+1:]
		}
		typ = typ[:i]
	}
	return androidVerdict(simpleName(typ), dom, r)
}

// androidVerdict classifies a simple exception name (or type constant
// turned into one) and its DOM error.
func androidVerdict(name, dom string, r *Report) verdict {
	switch {
	case strings.HasSuffix(name, "CancellationException"), name == "UserCanceled", name == "UserCancelled":
		return specific(problems.PasskeyCancelled, Android)
	case name == "NoCredentialException", name == "NoCredential":
		return specific(problems.PasskeyNoCredentials, Android)
	case strings.HasSuffix(name, "InterruptedException"), name == "Interrupted":
		return specific(problems.PasskeyInterrupted, Android)
	case strings.HasSuffix(name, "UnsupportedException"):
		return specific(problems.PasskeyNotSupported, Android)
	case strings.HasSuffix(name, "ProviderConfigurationException"):
		return specific(problems.PasskeyMisconfigured, Android)
	case strings.HasSuffix(name, "NoCreateOptionException"), name == "NoCreateOptions":
		return specific(problems.PasskeyDeviceNotConfigured, Android)
	case strings.HasSuffix(name, "DomException"):
		if v := androidDOM(dom, r); v.kind != kindNone {
			return v
		}
		return generic(problems.PasskeyPlatformError, Android)
	case strings.HasSuffix(name, "Exception"), name == "Unknown":
		return generic(problems.PasskeyUnknown, Android)
	}
	return verdict{}
}

// androidDOM classifies the DOM error of a Credential Manager DOM
// exception. A DataError there is the request the app built (options JSON
// Play Services refuses, an RP ID its Digital Asset Links do not vouch
// for: "[50152] RP ID cannot be validated."): the site's configuration.
func androidDOM(dom string, r *Report) verdict {
	name := simpleName(dom)
	if name == "DataError" {
		return specific(problems.PasskeyMisconfigured, Android)
	}
	v := domVerdict(name, r)
	if v.kind != kindNone {
		v.platform = Android
	}
	return v
}

// simpleName turns a qualified class or type constant into a simple name:
// a.b.NoCredentialException → NoCredentialException,
// androidx.credentials.TYPE_INVALID_STATE_ERROR → InvalidStateError.
func simpleName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "."); i >= 0 {
		s = s[i+1:]
	}
	if rest, ok := strings.CutPrefix(s, "TYPE_"); ok {
		var b strings.Builder
		for _, w := range strings.Split(strings.ToLower(rest), "_") {
			if w != "" {
				b.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
		return b.String()
	}
	return s
}
