package passkeys

import (
	"strings"

	"github.com/go-webauthn/webauthn/protocol"

	"passwordless/problems"
	"passwordless/tenants"
)

// Hints as the wire spells them, and the .NET enum names /auth-configs/list
// joins them with (spec §2.8).
var hintNames = map[string]string{
	"security-key":  "SecurityKey",
	"client-device": "ClientDevice",
	"hybrid":        "Hybrid",
}

// checkAttestation applies upstream's rules: "none" in any case (or
// empty) always; "direct"/"indirect" exactly, and only on a plan with
// attestation; anything else is not supported.
func checkAttestation(app *tenants.App, att string) (protocol.ConveyancePreference, error) {
	switch {
	case att == "" || strings.EqualFold(att, "none"):
		return protocol.PreferNoAttestation, nil
	case att == "direct" || att == "indirect":
		if !app.Features.AllowAttestation {
			return "", problems.New(problems.AttestationNotSupportedOnPlan)
		}
		return protocol.ConveyancePreference(att), nil
	}
	return "", problems.New(problems.InvalidAttestation)
}

// parseUserVerification reads a userVerification value case-insensitively;
// empty is "preferred".
func parseUserVerification(v string) (protocol.UserVerificationRequirement, error) {
	switch strings.ToLower(v) {
	case "", "preferred":
		return protocol.VerificationPreferred, nil
	case "required":
		return protocol.VerificationRequired, nil
	case "discouraged":
		return protocol.VerificationDiscouraged, nil
	}
	return "", problems.Titled(problems.InvalidArgument,
		"Value '%s' is not a valid enum name of 'UserVerificationRequirement'. Valid values are: required, preferred, discouraged", v)
}

// parseAttachment reads authenticatorType: "any" (or empty) means no
// preference.
func parseAttachment(v string) (protocol.AuthenticatorAttachment, error) {
	switch strings.ToLower(v) {
	case "", "any":
		return "", nil
	case "platform":
		return protocol.Platform, nil
	case "cross-platform":
		return protocol.CrossPlatform, nil
	}
	return "", problems.Titled(problems.InvalidArgument,
		"Value '%s' is not a valid enum name of 'AuthenticatorAttachment'. Valid values are: any, platform, cross-platform", v)
}

// hintAttachment is the attachment the first hint forces (spec §2.1).
func hintAttachment(hint string) protocol.AuthenticatorAttachment {
	switch hint {
	case "security-key", "hybrid":
		return protocol.CrossPlatform
	case "client-device":
		return protocol.Platform
	}
	return ""
}

// checkHints validates a hints list: at most 3 known values.
func checkHints(hints []string) error {
	if len(hints) > 3 {
		return problems.Validation("hints", "The field Hints must be a string or array type with a maximum length of '3'.")
	}
	for _, h := range hints {
		if _, ok := hintNames[strings.ToLower(h)]; !ok {
			return problems.Validation("hints", "Hints must be 'security-key', 'client-device' or 'hybrid'.")
		}
	}
	return nil
}

func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = strings.ToLower(v)
	}
	return out
}
