package diagnostics

import (
	"regexp"
	"strconv"
	"strings"

	"passwordless/problems"
)

// sdkAliases are the codes SDK wrappers put in place of the native error
// (react-native-passkey's {"error":"UserCancelled"}, corbado's Flutter
// "android-no-credential", …), normalised: lowercase, letters only.
// Wrappers' catch-alls ("Native error", "RequestFailed", "failed") are not
// here: they say nothing.
var sdkAliases = map[string]problems.Code{
	"usercancelled":                           problems.PasskeyCancelled,
	"usercanceled":                            problems.PasskeyCancelled,
	"cancelled":                               problems.PasskeyCancelled,
	"canceled":                                problems.PasskeyCancelled,
	"passkeyauthcancelledexception":           problems.PasskeyCancelled,
	"nocredentials":                           problems.PasskeyNoCredentials,
	"nocredentialsavailable":                  problems.PasskeyNoCredentials,
	"androidnocredential":                     problems.PasskeyNoCredentials,
	"nocredentialsavailableexception":         problems.PasskeyNoCredentials,
	"passkeysnocredentialsavailableexception": problems.PasskeyNoCredentials,
	"nocreateoption":                          problems.PasskeyDeviceNotConfigured,
	"androidnocreateoption":                   problems.PasskeyDeviceNotConfigured,
	"notsupported":                            problems.PasskeyNotSupported,
	"passkeynotavailable":                     problems.PasskeyNotSupported,
	"timeout":                                 problems.PasskeyTimeout,
	"timedout":                                problems.PasskeyTimeout,
	"badconfiguration":                        problems.PasskeyMisconfigured,
	"invalidchallenge":                        problems.PasskeyMisconfigured, // react-native-passkey: the app's request refused
	"domainnotassociatedexception":            problems.PasskeyMisconfigured,
	"interrupted":                             problems.PasskeyInterrupted,
	"excludecredentialsmatch":                 problems.PasskeyAlreadyRegistered,
	// corbado's Flutter passkeys exceptions (Dart prints them as
	// "Instance of 'DeviceNotSupportedException'").
	"devicenotsupportedexception":  problems.PasskeyNotSupported,
	"missinggooglesigninexception": problems.PasskeyDeviceNotConfigured,
	// corbado's name for Play services' "Unable to get sync account", which
	// real threads show as a Play services fault (a restart, or Wi-Fi
	// toggled, clears it; sandboxed Play services never gets it): the
	// platform's error, as the text itself reads.
	"syncaccountnotavailableexception":              problems.PasskeyPlatformError,
	"nocreateoptionexception":                       problems.PasskeyDeviceNotConfigured,
	"excludecredentialscannotberegisteredexception": problems.PasskeyAlreadyRegistered,
	"matchedexcludedcredential":                     problems.PasskeyAlreadyRegistered,
	// Other wrappers' codes, as their documentation lists them: Authsignal
	// (no_credential, network_error), Para (RP_ID_MISMATCH), Passage
	// (PASSKEYS_NOT_SUPPORTED), the Capacitor passkey plugin
	// (UNSUPPORTED_ERROR, NO_CREDENTIAL, RPID_VALIDATION_ERROR, INVALID_INPUT).
	"nocredential":         problems.PasskeyNoCredentials,
	"networkerror":         problems.PasskeyNetworkError,
	"rpidmismatch":         problems.PasskeyMisconfigured,
	"rpidvalidationerror":  problems.PasskeyMisconfigured,
	"invalidinput":         problems.PasskeyMisconfigured,
	"passkeysnotsupported": problems.PasskeyNotSupported,
	"unsupportederror":     problems.PasskeyNotSupported,
	// @simplewebauthn/browser's WebAuthnError codes (ERROR_PASSTHROUGH_…
	// says nothing: the message is the browser's).
	"errorauthenticatorpreviouslyregistered":                 problems.PasskeyAlreadyRegistered,
	"errormalformedpubkeycredparams":                         problems.PasskeyMisconfigured,
	"errorinvaliddomain":                                     problems.PasskeyMisconfigured,
	"errorinvalidrpid":                                       problems.PasskeyMisconfigured,
	"errorinvaliduseridlength":                               problems.PasskeyMisconfigured,
	"errorauthenticatornosupportedpubkeycredparamsalg":       problems.PasskeyNotSupported,
	"errorauthenticatormissingdiscoverablecredentialsupport": problems.PasskeyNotSupported,
	"errorauthenticatormissinguserverificationsupport":       problems.PasskeyNotSupported,
	"errorceremonyaborted":                                   problems.PasskeyInterrupted,
	// better-auth's passkey client codes ($ERROR_CODES): AUTH_CANCELLED is
	// its answer to every failure of the sign-in, REGISTRATION_CANCELLED to
	// an aborted one; neither is a sure cancel.
	"authcancelled":         problems.PasskeyNotAllowed,
	"registrationcancelled": problems.PasskeyNotAllowed,
	"previouslyregistered":  problems.PasskeyAlreadyRegistered,
	// Clerk's ClerkRuntimeError codes for passkeys (clerk-js): its
	// "…_cancelled" carry every NotAllowedError ("The operation either timed
	// out or was not allowed"). Its "…_failed" are catch-alls: not here.
	// Auth0's auth0-spa-js shares passkey_not_supported; its
	// UnsupportedOperation is the same refusal.
	"passkeynotsupported":          problems.PasskeyNotSupported,
	"passkeyspanotsupported":       problems.PasskeyNotSupported,
	"passkeyinvalidrpidordomain":   problems.PasskeyMisconfigured,
	"passkeyalreadyexists":         problems.PasskeyAlreadyRegistered,
	"passkeyoperationaborted":      problems.PasskeyInterrupted,
	"passkeyretrievalcancelled":    problems.PasskeyNotAllowed,
	"passkeyregistrationcancelled": problems.PasskeyNotAllowed,
	"unsupportedoperation":         problems.PasskeyNotSupported,
	// AWS Amplify's PasskeyError names (its PasskeyErrorCode): the
	// "…Canceled" pair carries every NotAllowedError; "…Failed" are
	// catch-alls and stay out.
	"passkeyauthenticationcanceled":       problems.PasskeyNotAllowed,
	"passkeyregistrationcanceled":         problems.PasskeyNotAllowed,
	"invalidpasskeyregistrationoptions":   problems.PasskeyMisconfigured,
	"invalidpasskeyauthenticationoptions": problems.PasskeyMisconfigured,
	"relyingpartymismatch":                problems.PasskeyMisconfigured,
	// Hanko's frontend SDK errors: WebauthnRequestCancelledError wraps
	// whatever get() threw (its cause, when sent, says more); an
	// InvalidWebauthnCredentialError is the RP refusing the passkey used.
	"webauthnrequestcancellederror":  problems.PasskeyNotAllowed,
	"invalidwebauthncredentialerror": problems.PasskeyNoCredentials,
	// Expo's react-native-passkeys names every *ProviderConfigurationException
	// "NotConfigured" ("Error: NotConfigured"): read like the exception.
	"notconfigured": problems.PasskeyMisconfigured,
	// Web SDKs' and vendors' codes (testdata/corpus_stop27f.json, corpus_stop27g.json).
	// Transmit Security's authn SDK ErrorCode values (its enum docs): a
	// credential the RP already holds, and conditional (autofill) sign-in
	// aborted by the page. Its "…_aborted_timeout" and "…_canceled" pairs
	// are documented with each other's meaning, so they stay out.
	"usernamealreadyregistered":     problems.PasskeyAlreadyRegistered,
	"autofillauthenticationaborted": problems.PasskeyInterrupted,
	// An app's "Authentication cancelled" (Exa's help article) whose fixes
	// are device setup, not a retry: like better-auth's AUTH_CANCELLED and
	// supakeys' "Registration cancelled", a wrapper's cancel label that
	// carries other failures, so the refusal and never a sure cancel.
	"authenticationcancelled": problems.PasskeyNotAllowed,
	"authenticationcanceled":  problems.PasskeyNotAllowed,
	// Authsignal's token_not_set: the app never set the token that
	// authorizes the ceremony.
	"tokennotset": problems.PasskeyMisconfigured,
	// An RP API's VALIDATION_ERROR ("The given data was invalid."): the
	// site refused its own front-end's request.
	"validationerror": problems.PasskeyMisconfigured,
	// better-auth's passkey plugin codes (PASSKEY_ERROR_CODES) for its
	// server's own refusals, and Supabase Auth's codes for WebAuthn MFA
	// switched off in the project: the site's side, or no such passkey.
	"challengenotfound":           problems.PasskeyMisconfigured,
	"failedtoverifyregistration":  problems.PasskeyMisconfigured,
	"passkeynotfound":             problems.PasskeyNoCredentials,
	"mfawebauthnenrollnotenabled": problems.PasskeyMisconfigured,
	"mfawebauthnverifynotenabled": problems.PasskeyMisconfigured,
}

func lettersOnly(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// sdkAliasRule reads a wrapper's code. A numeric string is an NSError code
// and was read by appleRule; a DOMException name as code is read as one.
func sdkAliasRule(n *node, r *Report) verdict {
	if n.from == "" && strings.HasSuffix(n.errorCode, "_ERR") {
		// Play Services FIDO2 (com.google.android.gms.fido): ErrorCode names
		// such as NOT_ALLOWED_ERR are the DOMException names in capitals.
		if v := domVerdict(gmsErrorName(n.errorCode), r); v.kind != kindNone {
			v.platform = Android
			return v
		}
	}
	named := sdkNameVerdict(n.name)
	if n.codeText == "" {
		return named
	}
	if rest, ok := cutPrefixFold(n.codeText, "android-unhandled:"); ok {
		// Flutter passkeys' "android-unhandled: <type>/<domError>".
		return androidRule(&node{typ: strings.TrimSpace(rest)}, r)
	}
	if v := domVerdict(n.codeText, r); v.kind != kindNone {
		return v
	}
	if v := androidVerdict(simpleName(n.codeText), n.domError, r); v.kind > kindGeneric {
		return asLabel(v)
	}
	if code, ok := sdkAliases[lettersOnly(n.codeText)]; ok {
		return asLabel(specific(code, ""))
	}
	return named
}

// sdkNameVerdict reads an SDK's error class given as the error's name
// (Amplify's PasskeyError, Hanko's errors); a DOMException name is
// domRule's.
func sdkNameVerdict(name string) verdict {
	if _, dom := domNames[name]; dom || name == "" || name == "InvalidStateError" {
		return verdict{}
	}
	if code, ok := sdkAliases[lettersOnly(name)]; ok {
		return asLabel(specific(code, ""))
	}
	return verdict{}
}

// asLabel weakens an SDK's cancellation to a label: wrappers map whatever
// they do not recognise to "cancelled" (react-native-passkey turns Android's
// NotAllowedError into UserCancelled), so a raw code beside it, even one
// quoted in its message, names the cause instead.
func asLabel(v verdict) verdict {
	if v.code == problems.PasskeyCancelled {
		v.kind = kindLabel
	}
	return v
}

// Structured fragments inside messages: an NSError's description
// ("Error Domain=X Code=5", "(X error 1001.)"), a DOMException name, an
// Android exception class or type constant, a Flutter PlatformException's
// code. Names and codes, never localized words.
var (
	nsErrorText  = regexp.MustCompile(`(Domain=|\(|\b)([A-Za-z][\w.]*)(?:,? Code=| error )(-?\d+)`)
	domNameText  = regexp.MustCompile(`(?i)\b(` + strings.Join(domNameList, "|") + `)\b`)
	pageTypeErr  = regexp.MustCompile(`TypeError: `)
	bareCode     = regexp.MustCompile(`^(?:Error: )?([A-Z][A-Za-z_]+|[a-z]+(?:_[a-zA-Z]+)+|[A-Z][a-z]+(?: [a-z]+){1,2})$`)
	dartInstance = regexp.MustCompile(`Instance of '([A-Za-z]+)'`)
	// NSError's localized description keeps the domain and the number but
	// words and orders the rest per locale: "(erreur com.apple.…Error 1001.)",
	// "(com.apple.…Error-Fehler 1001.)", "（com.apple.…Error错误1006。）",
	// "(com.apple.…Error エラー 1001。)", "(com.apple.…Error, ошибка 1001.)".
	localNSError = regexp.MustCompile(`(com\.apple\.[A-Za-z.]*[A-Za-z])(?:[^\d(){}=\n]{0,24}?|\s*Code=)(-?\d+)`)
	androidText  = regexp.MustCompile(`\b((?:Create|Get)[A-Za-z]*Exception|NoCredentialException|(?:(?:android|androidx)\.credentials\.[\w.]*)?TYPE_[A-Z_]+(?:/(?:android|androidx)\.credentials\.[\w.]*TYPE_[A-Z_]+)?)\b`)
	platformText = regexp.MustCompile(`PlatformException\(([^,()\s]+),`)
)

// hintRule reads the structured fragments of a node's strings. A hint is
// weaker than any structured member, stronger than a generic code: seed
// 004's error-1001 "… NotAllowedError: …" is a NotAllowedError.
func hintRule(n *node, r *Report) verdict {
	if v := notAssociated(n, r); v.kind != kindNone {
		return v
	}
	var best verdict
	for _, t := range n.texts {
		for _, v := range hintsIn(t, r) {
			if v.kind == kindNone {
				continue
			}
			if v.kind > kindGeneric {
				v.kind = kindHint
			}
			if v.kind > best.kind {
				best = v
			}
		}
	}
	return best
}

// hintsIn runs each pattern only on strings that can match it (a plain
// substring test first): most strings hold none, and regexps cost.
func hintsIn(t string, r *Report) []verdict {
	var out []verdict
	if strings.Contains(t, "Domain=") || strings.Contains(t, " error ") {
		for _, m := range nsErrorText.FindAllStringSubmatch(t, 4) {
			if m[1] == "" && appleDomain(m[2]) == "" {
				// Without "Domain=" or "(", only an Apple domain is one
				// ("com.apple.authenticationservices.authorizationerror error 1001").
				continue
			}
			code, _ := strconv.ParseInt(m[3], 10, 64)
			out = append(out, appleRule(&node{domain: m[2], code: code, hasCode: true}, r))
		}
	}
	if strings.Contains(t, "com.apple.") {
		for _, m := range localNSError.FindAllStringSubmatch(t, 4) {
			code, _ := strconv.ParseInt(m[2], 10, 64)
			out = append(out, appleRule(&node{domain: m[1], code: code, hasCode: true}, r))
		}
	}
	if strings.Contains(t, "Error") || strings.Contains(t, "error") {
		for _, m := range domNameText.FindAllString(t, 4) {
			out = append(out, domVerdict(canonicalDOMName(m), r))
		}
		if pageTypeErr.MatchString(t) || strings.EqualFold(strings.TrimSpace(t), "type error") {
			// "FAILTypeError: x is undefined": the page's script refused its
			// own options (WebKit's bare "Type error" too); an extension's
			// TypeError carries its mark instead.
			out = append(out, specific(problems.PasskeyMisconfigured, Web))
		}
	}
	if strings.Contains(t, "Exception") || strings.Contains(t, "TYPE_") {
		for _, m := range androidText.FindAllString(t, 4) {
			out = append(out, androidRule(&node{typ: m}, r))
		}
	}
	if m := bareCodeIn(t); m != "" {
		// Expo's react-native-passkeys rejects with "Error: NotSupported":
		// an SDK code as the whole message. Never a cancel: a bare word
		// "cancelled" says too little.
		if code, ok := sdkAliases[lettersOnly(m)]; ok && code != problems.PasskeyCancelled {
			out = append(out, specific(code, ""))
		}
	}
	if strings.Contains(t, "Instance of '") {
		// Dart's default rendering of an exception object: its class is the
		// SDK's code.
		for _, m := range dartInstance.FindAllStringSubmatch(t, 2) {
			out = append(out, sdkAliasRule(&node{codeText: m[1]}, r))
		}
	}
	if strings.Contains(t, "PlatformException(") {
		for _, m := range platformText.FindAllStringSubmatch(t, 2) {
			out = append(out, sdkAliasRule(&node{codeText: m[1]}, r))
		}
	}
	return out
}

// cutPrefixFold is strings.CutPrefix, ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// gmsErrorName turns NOT_ALLOWED_ERR into NotAllowedError.
func gmsErrorName(code string) string {
	return simpleName("TYPE_"+strings.TrimSuffix(code, "_ERR")) + "Error"
}

// canonicalDOMName spells a DOMException name as the browsers do, whatever
// case a wrapper wrote it in (old Edge's "securityError code:18").
func canonicalDOMName(s string) string {
	if name, ok := errorName(s); ok {
		return name
	}
	return s
}

// errorName is s spelt as the browsers spell it when it is a DOMException
// name or TypeError, in any case.
func errorName(s string) (string, bool) {
	if strings.EqualFold(s, "TypeError") {
		return "TypeError", true
	}
	for _, name := range domNameList {
		if strings.EqualFold(s, name) {
			return name, true
		}
	}
	return "", false
}

var domNameList = []string{"NotAllowedError", "InvalidStateError", "NotSupportedError", "AbortError", "SecurityError",
	"ConstraintError", "UnknownError", "TimeoutError", "NotReadableError", "EncodingError", "DataError", "OperationError", "InvalidCharacterError"}

// bareCodeIn is the SDK code a short string consists of ("NotSupported",
// "Error: NotSupported", "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED",
// "no_credential", or the code in words: react-native-passkeys' "No
// credentials"), "" when it is not one.
func bareCodeIn(t string) string {
	if len(t) > 64 {
		return ""
	}
	if m := bareCode.FindStringSubmatch(t); m != nil {
		return m[1]
	}
	return ""
}
