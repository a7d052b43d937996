package diagnostics

import "passwordless/problems"

// round7Texts are the known texts of the web front-end and RP-library
// reports gathered in round corpus7 (testdata/corpus_stop27f.json),
// appended to knownTexts so that the tables grow without touching each
// other's rows. Each is a whole phrase one library or provider writes.
var round7Texts = []knownTextRow{
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

// round7Keywords are appended at the end of keywords (the weakest reading):
// the cause words of this round's reports in any wording.
var round7Keywords = []struct {
	all  []string
	code problems.Code
}{
	// "Web Authn is not supporting to this browser" (Hanko elements).
	{[]string{"not supporting"}, problems.PasskeyNotSupported},
	// An RP saying the passkey or credential presented is invalid (Hanko's
	// "Invalid credential", Bitwarden's "Invalid Passkey"): it knows no such
	// passkey, as "invalid security key" already answers.
	{[]string{"invalid credential"}, problems.PasskeyNoCredentials},
	{[]string{"invalid passkey"}, problems.PasskeyNoCredentials},
	{[]string{"passkey is invalid"}, problems.PasskeyNoCredentials},
	// The RP's own attestation check, a lost challenge, a 400 for the
	// passkey request: the site's side.
	{[]string{"validate", "attestation"}, problems.PasskeyMisconfigured},
	{[]string{"verify", "attestation"}, problems.PasskeyMisconfigured},
	{[]string{"challenge", "recover"}, problems.PasskeyMisconfigured},
	{[]string{"challenge", "not found"}, problems.PasskeyMisconfigured},
	{[]string{"could not", "challenge"}, problems.PasskeyMisconfigured},
	{[]string{"registration could not be verified"}, problems.PasskeyMisconfigured},
	{[]string{"authentication could not be verified"}, problems.PasskeyMisconfigured},
	{[]string{"couldn't", "challenge"}, problems.PasskeyMisconfigured},
	{[]string{"disabled for webauthn"}, problems.PasskeyMisconfigured},
	{[]string{"bad request", "passkey"}, problems.PasskeyMisconfigured},
	{[]string{"bad request", "webauthn"}, problems.PasskeyMisconfigured},
	// A page whose own script is missing ("registerSecurityKey is not
	// defined"): the site's code. A browser without WebAuthn
	// ("PublicKeyCredential is not defined") and an extension's sandbox are
	// known texts and provider marks, read before this.
	{[]string{"is not defined"}, problems.PasskeyMisconfigured},
	// Any exception of webauthn4j, the RP library (Spring Security's
	// "Cannot convert unknown credential type … to webauthn4j", Keycloak's
	// validators): the site's server, like its named exceptions above.
	{[]string{"webauthn4j"}, problems.PasskeyMisconfigured},
	// "Asset-Links" hyphenated, as German and Dutch texts write it.
	{[]string{"asset-link"}, problems.PasskeyMisconfigured},
	// "Not supported" and "timed out" in the languages pages report them in
	// (de, fr, es, pt, it, ru, ja, zh).
	{[]string{"nicht unterstützt"}, problems.PasskeyNotSupported},
	{[]string{"pas pris en charge"}, problems.PasskeyNotSupported},
	{[]string{"non pris en charge"}, problems.PasskeyNotSupported},
	{[]string{"no es compatible"}, problems.PasskeyNotSupported},
	{[]string{"no compatible"}, problems.PasskeyNotSupported},
	{[]string{"não é compatível"}, problems.PasskeyNotSupported},
	{[]string{"não suportad"}, problems.PasskeyNotSupported},
	{[]string{"non supportat"}, problems.PasskeyNotSupported},
	{[]string{"non è supportat"}, problems.PasskeyNotSupported},
	{[]string{"не поддерживается"}, problems.PasskeyNotSupported},
	{[]string{"サポートされていません"}, problems.PasskeyNotSupported},
	{[]string{"不支持"}, problems.PasskeyNotSupported},
	{[]string{"zeitüberschreitung"}, problems.PasskeyTimeout},
	{[]string{"délai d'attente"}, problems.PasskeyTimeout},
	{[]string{"tiempo de espera"}, problems.PasskeyTimeout},
	{[]string{"tempo limite"}, problems.PasskeyTimeout},
	{[]string{"тайм-аут"}, problems.PasskeyTimeout},
	{[]string{"время ожидания"}, problems.PasskeyTimeout},
	{[]string{"タイムアウト"}, problems.PasskeyTimeout},
	{[]string{"超时"}, problems.PasskeyTimeout},
	{[]string{"逾時"}, problems.PasskeyTimeout},
}

func init() {
	knownTexts = append(knownTexts, round7Texts...)
	keywords = append(keywords, round7Keywords...)
	// Misskey's API error envelope carries the server's own error under
	// info.e ({error: {code: INTERNAL_ERROR, info: {e: {message}}}}).
	childKeys = append(childKeys, "info", "e")
	// An RP API's VALIDATION_ERROR ("The given data was invalid."): the
	// site refused its own front-end's request.
	sdkAliases["validationerror"] = problems.PasskeyMisconfigured
	// better-auth's passkey plugin codes (PASSKEY_ERROR_CODES) for its
	// server's own refusals, and Supabase Auth's codes for WebAuthn MFA
	// switched off in the project: the site's side, or no such passkey.
	sdkAliases["challengenotfound"] = problems.PasskeyMisconfigured
	sdkAliases["failedtoverifyregistration"] = problems.PasskeyMisconfigured
	sdkAliases["passkeynotfound"] = problems.PasskeyNoCredentials
	sdkAliases["mfawebauthnenrollnotenabled"] = problems.PasskeyMisconfigured
	sdkAliases["mfawebauthnverifynotenabled"] = problems.PasskeyMisconfigured
}
