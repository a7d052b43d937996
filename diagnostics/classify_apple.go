package diagnostics

import (
	"strings"

	"passwordless/problems"
)

// Apple's error domains (seed 000): the public ASAuthorizationError, the
// daemon's ASCAuthorizationError, LocalAuthentication and WebKit.
const (
	applePublic = "public"
	appleASC    = "asc"
	appleASCSec = "asc-security"
	appleLA     = "la"
	appleWebKit = "webkit"
)

// appleDomain names the Apple layer a domain belongs to, "" for others.
func appleDomain(domain string) string {
	d := strings.ToLower(domain)
	switch {
	case d == "":
		return ""
	case strings.Contains(d, "ascauthorizationerrorsecurityerror"):
		return appleASCSec
	case strings.Contains(d, "ascauthorizationerror") || strings.Contains(d, "authenticationservicescore"):
		return appleASC
	case strings.Contains(d, "asauthorizationerror") || d == "com.apple.authenticationservices.authorizationerror":
		return applePublic
	case strings.Contains(d, "localauthentication") || strings.HasPrefix(d, "laerror"):
		return appleLA
	case d == "wkerrordomain":
		return appleWebKit
	}
	return ""
}

// publicCodes are ASAuthorizationError 1000–1010. 1004 (Failed) is a
// wrapper: generic, so that anything recognised inside it wins.
var publicCodes = map[int64]verdict{
	1000: generic(problems.PasskeyPlatformError, IOS),
	1001: specific(problems.PasskeyCancelled, IOS),
	1002: generic(problems.PasskeyPlatformError, IOS),
	1003: specific(problems.PasskeyMisconfigured, IOS),
	1004: generic(problems.PasskeyPlatformError, IOS),
	1005: specific(problems.PasskeyNoCredentials, IOS),
	1006: specific(problems.PasskeyAlreadyRegistered, IOS),
	1007: generic(problems.PasskeyPlatformError, IOS),
	1008: generic(problems.PasskeyPlatformError, IOS),
	1009: specific(problems.PasskeyPreferSignInWithApple, IOS),
	1010: specific(problems.PasskeyDeviceNotConfigured, IOS),
}

// ascCodes are the AuthenticationServicesAgent's codes 0–22.
var ascCodes = map[int64]verdict{
	0:  generic(problems.PasskeyPlatformError, IOS),
	1:  generic(problems.PasskeyPlatformError, IOS),
	2:  specific(problems.PasskeyCancelled, IOS),
	4:  specific(problems.SecurityKeyMultiple, IOS),
	5:  withSeverity(specific(problems.PasskeyNoCredentials, IOS), Environmental, ""),
	6:  generic(problems.PasskeyPlatformError, IOS),
	7:  specific(problems.PasskeyAlreadyRegistered, IOS),
	8:  specific(problems.SecurityKeyPinInvalid, IOS),
	9:  withSeverity(specific(problems.SecurityKeyLocked, IOS), Transient, Retry),
	10: withSeverity(specific(problems.SecurityKeyLocked, IOS), Environmental, Fallback),
	11: generic(problems.PasskeyPlatformError, IOS),
	12: specific(problems.PasskeyCancelled, IOS),
	13: specific(problems.SecurityKeyFull, IOS),
	14: generic(problems.PasskeyPlatformError, IOS),
	17: specific(problems.PasskeyDeviceNotConfigured, IOS),
	20: specific(problems.SecurityKeyPinInvalid, IOS),
	21: specific(problems.SecurityKeyPinInvalid, IOS),
	22: specific(problems.PasskeyDeviceNotConfigured, IOS),
}

// laCodes are LAError codes; -5 (no passcode) is what makes passkeys
// impossible, -4 and -8 are transient (seed 000).
var laCodes = map[int64]verdict{
	-1:    specific(problems.PasskeyVerificationFailed, IOS),
	-2:    specific(problems.PasskeyCancelled, IOS),
	-3:    specific(problems.PasskeyCancelled, IOS), // UserFallback: the user chose the passcode path
	-4:    specific(problems.PasskeyInterrupted, IOS),
	-5:    specific(problems.PasskeyDeviceNotConfigured, IOS),
	-6:    specific(problems.PasskeyBiometryUnavailable, IOS),
	-7:    specific(problems.PasskeyBiometryUnavailable, IOS),
	-8:    specific(problems.PasskeyBiometryLockout, IOS),
	-9:    specific(problems.PasskeyInterrupted, IOS),
	-10:   generic(problems.PasskeyPlatformError, IOS),
	-11:   specific(problems.PasskeyBiometryUnavailable, IOS),
	-12:   specific(problems.PasskeyBiometryUnavailable, IOS),
	-14:   specific(problems.PasskeyBiometryUnavailable, IOS),
	-1004: generic(problems.PasskeyPlatformError, IOS),
}

func withSeverity(v verdict, s Severity, a Action) verdict {
	v.severity, v.action = s, a
	return v
}

// appleRule reads an NSError by domain and code. A domainless code in
// 1000–1010 is taken as ASAuthorizationError (SDK wrappers drop the domain).
func appleRule(n *node, _ *Report) verdict {
	if !n.hasCode {
		if appleDomain(n.domain) == appleASCSec {
			return specific(problems.PasskeyMisconfigured, IOS)
		}
		return verdict{}
	}
	layer := appleDomain(n.domain)
	if layer == "" && n.domain == "" && n.code >= 1000 && n.code <= 1010 {
		layer = applePublic
	}
	var table map[int64]verdict
	switch layer {
	case applePublic:
		table = publicCodes
	case appleASC:
		table = ascCodes
	case appleLA:
		table = laCodes
	case appleASCSec:
		return specific(problems.PasskeyMisconfigured, IOS)
	case appleWebKit:
		if n.code == 8 { // the duplicate-credential signal before iOS 18's 1006
			return specific(problems.PasskeyAlreadyRegistered, IOS)
		}
		return verdict{}
	default:
		return verdict{}
	}
	if layer == applePublic && n.code == 1001 && mentionsNoCredentials(n) {
		// 1001 is both "dismissed" and "nothing to show": Apple's description
		// or failure reason tells the second (seed 000).
		return specific(problems.PasskeyNoCredentials, IOS)
	}
	if v, ok := table[n.code]; ok {
		return v
	}
	return generic(problems.PasskeyUnknown, IOS) // an Apple code we do not know: never a cancellation
}

// notAssociated is Apple's one reason matched as text, as a last resort:
// 1004's "Application with identifier X is not associated with domain Y"
// comes with no underlying error (seed 000). The words are Apple's alone,
// so they count whatever shape carried them; a cause inside still wins.
func notAssociated(n *node, _ *Report) verdict {
	for _, t := range n.texts {
		if strings.Contains(strings.ToLower(t), "not associated with domain") {
			return verdict{code: problems.PasskeyMisconfigured, kind: kindHint, platform: IOS}
		}
	}
	return verdict{}
}

// mentionsNoCredentials reports whether an error's own strings say that
// there were no credentials ("No credentials available for login.").
func mentionsNoCredentials(n *node) bool {
	for _, t := range n.texts {
		if strings.Contains(strings.ToLower(t), "no credentials") {
			return true
		}
	}
	return false
}
