package diagnostics

import "passwordless/problems"

// vendorTexts are the texts users quote from vendors' own sheets and help
// pages, blogs and forums (testdata/corpus_stop27g.json),
// appended to knownTexts so that the tables grow without touching each
// other's rows.
var vendorTexts = []knownTextRow{
	// Android's and Apple's sheets with no passkey for the site, as users
	// quote them without the site's name ("there aren't any passkeys on
	// this device"): the same answer as "There aren't any passkeys for
	// example.com on this device.".
	{text: "aren't any passkeys", code: problems.PasskeyNoCredentials},
	{text: "aren’t any passkeys", code: problems.PasskeyNoCredentials},
	// Microsoft account's sign-in when the device's passkey was removed from
	// the account ("We couldn't use your device to verify your identity",
	// "This passkey can no longer be used"): no usable passkey here.
	{text: "couldn't use your device to verify", code: problems.PasskeyNoCredentials},
	{text: "couldn’t use your device to verify", code: problems.PasskeyNoCredentials},
	{text: "passkey can no longer be used", code: problems.PasskeyNoCredentials},
	// An organisation's list of allowed authenticators refusing the user's
	// model, in Japanese (CloudGate UNO: "この認証器は登録を許可されていません。"),
	// and Microsoft Authenticator refusing a passkey in German: this
	// authenticator cannot be used here, as "This security key is not
	// allowed".
	{text: "認証器は登録を許可されていません", code: problems.PasskeyNotSupported},
	{text: "unterstützt diesen passkey nicht", code: problems.PasskeyNotSupported},
	// An RP requiring user verification the authenticator did not perform
	// ("Your device must verify it's you (PIN, biometric) to use this
	// passkey."): a key or device without a PIN or biometric set up.
	{text: "must verify it's you", code: problems.PasskeyDeviceNotConfigured},
	{text: "must verify it’s you", code: problems.PasskeyDeviceNotConfigured},
	// webauthn-ruby's verification errors as GitLab users hit them: the RP's
	// own check refusing the response (RP ID hash, origin, challenge), like
	// webauthn4j's Bad*Exception above.
	{text: "rpidverificationerror", code: problems.PasskeyMisconfigured},
	{text: "originverificationerror", code: problems.PasskeyMisconfigured},
	{text: "challengeverificationerror", code: problems.PasskeyMisconfigured},
	// The message FIDO's Passkey Central says most sites show ("A passkey
	// couldn't be created for this device or you canceled creating a
	// passkey."): failed or cancelled, so the refusal, never a sure cancel.
	{text: "passkey couldn't be created", code: problems.PasskeyNotAllowed},
	{text: "passkey couldn’t be created", code: problems.PasskeyNotAllowed},
	// Windows Security's dialog for a security key that holds none of the
	// credentials asked for ("This security key isn't recognized.", the
	// Gitea thread of corpus_stop27b), as "doesn't look familiar".
	{text: "security key isn't recognized", code: problems.PasskeyNoCredentials},
	{text: "security key isn’t recognized", code: problems.PasskeyNoCredentials},
}

func init() { knownTexts = append(knownTexts, vendorTexts...) }

// wrapperErrorCodeRule reads an "errorCode" that is none of our own codes
// as the wrapper's code it is (Authsignal's {error, errorCode}, Transmit's
// {errorCode}): the same answer as the code under "code" or "error", and a
// cancellation stays a label that any raw code or name beside it beats.
func wrapperErrorCodeRule(n *node, _ *Report) verdict {
	if n.errorCode == "" || n.from != "" {
		return verdict{}
	}
	own := problems.Code(n.errorCode)
	if _, ok := serverClassification(own); ok || problems.IsClientFailure(own) {
		return verdict{}
	}
	if code, ok := sdkAliases[lettersOnly(n.errorCode)]; ok {
		return asLabel(specific(code, ""))
	}
	return verdict{}
}
