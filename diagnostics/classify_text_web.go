package diagnostics

import "passwordless/problems"

// webTexts are the known texts of web front-ends and RP libraries, from
// the reports in testdata/corpus_stop27f.json,
// appended to knownTexts so that the tables grow without touching each
// other's rows. Each is a whole phrase one library or provider writes.
var webTexts = []knownTextRow{
	// An RP's own verification of a registration response refusing it:
	// Hanko's finalize answer, py_webauthn's (authentik) missing key, a
	// Kanidm server that cannot read the response ("Bad request for passkey
	// creation: missing field `rk` …"). The site's side, like the other RP
	// verification failures.
	{text: "failed to validate attestation", code: problems.PasskeyMisconfigured},
	{text: "did not provide a credential public key", code: problems.PasskeyMisconfigured},
	{text: "bad request for passkey", code: problems.PasskeyMisconfigured},
	// Vaultwarden's log when the challenge it issued is gone: a lost
	// challenge, the site's side (like "challenge does not match").
	{text: "recover login challenge", code: problems.PasskeyMisconfigured},
	{text: "recover registration challenge", code: problems.PasskeyMisconfigured},
	// SimpleWebAuthn's server checking an attestation against FIDO MDS
	// metadata ("… did not match any of the following metadata algorithms"):
	// the RP's verifier and the metadata it loaded.
	{text: "metadata algorithms", code: problems.PasskeyMisconfigured},
	// Chrome's TypeError when the page passes create()/get() an options
	// object without exactly one credential type ({publicKey} missing): the
	// page's own call.
	{text: "credential types are currently supported", code: problems.PasskeyMisconfigured},
	// ZITADEL's refusal of a registration link whose code was already
	// consumed ("Passkey initialization code check failed"): the RP's flow.
	{text: "passkey initialization code", code: problems.PasskeyMisconfigured},
	// Bitwarden for Android's "Passkey operation failed because of missing
	// asset links" in Chinese (由于资源链接缺失，通行密钥操作失败): the app's
	// Digital Asset Links, as the English text already answers.
	{text: "资源链接缺失", code: problems.PasskeyMisconfigured},
	// An RP's attestation verifier without self attestation (Misskey's "self
	// attestation is not supported", webauthn.org's "… not implemented"):
	// the site's verifier, not the device (the longer phrase outranks the
	// platform words inside it).
	{text: "self attestation", code: problems.PasskeyMisconfigured},
}

func init() { knownTexts = append(knownTexts, webTexts...) }
