package diagnostics

import (
	"net/http"

	"passwordless/problems"
)

// Row is the classification table's entry of one client-failure code: its
// default severity and action, and the sentence a page may show the user
// on sign-in and on registration (seed 001's messages).
type Row struct {
	Code     problems.Code
	Severity Severity
	Action   Action
	SignIn   string
	Register string
	// From says, for docs/diagnostics.md, what is read as this code.
	From string
}

// table is the classification of every client-failure code, in catalogue
// order. Rules may override severity and action for one source (ASC 5 is
// environmental where 1005 is expected; a cancelled registration needs no
// fallback). docs/diagnostics.md shows this table; a test keeps them equal.
var table = []Row{
	{problems.PasskeyCancelled, Expected, Fallback,
		"The passkey request was cancelled. You can try again or sign in another way.",
		"Passkey setup was cancelled. You can try again or continue without a passkey.",
		"Apple 1001 (also written lowercase without the parentheses, \"com.apple.authenticationservices.authorizationerror error 1001\", or localized by the device: \"(erreur com.apple.AuthenticationServices.AuthorizationError 1001.)\", \"…AuthorizationError-Fehler 1001\", \"…AuthorizationError エラー 1001\"; every Apple code is read so), ASC 2 and 12, LAError -2 and -3, Android `*CancellationException`, `TYPE_USER_CANCELED`, Firefox's `AbortError` \"The operation was aborted.\" (but `passkey_interrupted` when the report says `mediation: \"conditional\"`: an autofill request has no prompt to dismiss, so an abort there is the page replacing it), an SDK's `UserCancelled`; action `none` on registration"},
	{problems.PasskeyNotAllowed, Expected, Fallback,
		"No passkey was used: the request was cancelled, timed out, or no passkey for this site is on this device. Try again or sign in another way.",
		"The passkey was not created: the request was cancelled or timed out. Try again or set it up later.",
		"web `NotAllowedError`, Android `TYPE_NOT_ALLOWED_ERROR`, the stock client's \"timed out or was not allowed\", Safari's \"cancelled by the user\", a wrapper's \"cancelled by the user or a timeout\" and webpass's `AttestationCancelled`/`AssertionCancelled` (its name for every `NotAllowedError`), Play Services' \"None of the allowed credentials can be authenticated\" (which Flutter passkeys reports as `cancelled`) and its cool-down \"temporarily blocked due to too many canceled sign-in prompts\" (28436); better-auth's `AUTH_CANCELLED` \"auth cancelled\" (its answer to every failure of the ceremony); Clerk's `passkey_retrieval_cancelled`/`passkey_registration_cancelled` and better-auth's `REGISTRATION_CANCELLED` (their names for every `NotAllowedError`); AWS Amplify's `PasskeyAuthenticationCanceled`/`PasskeyRegistrationCanceled` and Hanko's `WebauthnRequestCancelledError` (as code or error name); Pocket ID's \"The authenticator timed out\" (its words for any error saying \"timed out\"); Keycloak's \"not allowed or timed out\" and SecureAuth's \"We couldn't verify your device\" (their words for the browser's `NotAllowedError`)"},
	{problems.PasskeyTimeout, Transient, Retry,
		"You did not respond to the passkey prompt in time. Please try again.",
		"You did not respond to the passkey prompt in time. Try again or set it up later.",
		"`NotAllowedError` with `elapsedMs ≥ timeoutMs`, `TimeoutError`, WebKit's \"Operation timed out.\", Firefox's \"lifetimeTimer has expired\"; a ceremony whose prompt or challenge \"has expired\" (read as keywords)"},
	{problems.PasskeyNoCredentials, Expected, Fallback,
		"No passkey for this site is on this device. Sign in another way; you can then create a passkey here.",
		"No passkey could be created on this device. Continue without a passkey for now.",
		"Apple 1005, ASC 5 (environmental), Apple 1001 whose description or failure reason says \"no credentials\", Android `NoCredentialException`, `InvalidStateError` on sign-in (Firefox, security key), Chromium's \"recognized none of the provided credentials\", androidx's \"No credentials available\" (also as the bare words \"No credentials\") and Play Services' \"Cannot find a matching credential\" and \"Cannot find credential in local KeyStore\", WebKit's \"No credentials from the allowCredentials list is found\", KeePassXC's \"No logins found\" (in every locale it ships), an RP's \"Failed to lookup Client-side Discoverable Credential\", wrappers' `no_credential`/`NO_CREDENTIAL`; a sign-in cancel or `NotAllowedError` whose session shows the user has no passkey for the RP ID; Windows Security's \"This security key doesn't look familiar\" and Chrome's \"security key that's not registered with this site\" as users copy them, a plugin's \"no credentials found\", an RP's \"Passkey is not registered for login\" and Samsung account's (Italian) \"sia ancora disponibile in Gestione passkey\", Android's \"No passkeys available\"; Hanko's `InvalidWebauthnCredentialError` (the RP refusing the passkey used), Daimo's \"Device removed from account\", Bitwarden's \"Invalid Passkey. Please try again.\", \"Passkey is invalid\"; Apple's \"There are no matching passkeys\", Okta's \"You don't have any keys set up\", go-webauthn's \"Unable to find the credential for the returned credential ID\" (Authelia); iOS's errSecItemNotFound \"no matching items found\" (-25300), Windows' \"Insert your security key into the USB port\" (no Windows Hello credential matched), Keycloak's \"Unknown user authenticated by the Passkey\""},
	{problems.PasskeyAlreadyRegistered, Expected, SignInInstead,
		"A passkey for this account already exists on this device. Sign in with it.",
		"A passkey for this account already exists on this device. You cannot register the same device twice.",
		"Apple 1006, ASC 7, WebKit code 8, `InvalidStateError` on registration, Android `TYPE_INVALID_STATE_ERROR`, Google's \"One of the excluded credentials exists on the local device\", WebKit's \"The object is in an invalid state\" on registration, KeePassXC's \"Credential is excluded\" (in every locale it ships: \"Anmeldeinformationen sind ausgeschlossen\"), @simplewebauthn's \"The authenticator was previously registered\" (`ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED`, also as the whole message), Flutter's `ExcludeCredentialsCanNotBeRegisteredException`; Clerk's `passkey_already_exists`, better-auth's `PREVIOUSLY_REGISTERED` and Amplify's `PasskeyAlreadyExists`"},
	{problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts,
		"This device is not set up for passkeys (it needs a screen lock or a password manager). Sign in another way.",
		"This device is not set up for passkeys (it needs a screen lock or a password manager). Continue without a passkey.",
		"Apple 1010, ASC 17 and 22, LAError -5, Apple's \"iCloud Keychain is off\" and \"Device not configured for passkey requests\" (before the LAError beside it), Android `CreateCredentialNoCreateOptionException` and its \"No create options available\", Flutter's `NoCreateOptionException` and `MissingGoogleSignInException`, a provider vault to unlock first (Google Password Manager's \"[11000] Passphrase required\"); macOS's \"To save a passkey, you need to enable iCloud Keychain…\""},
	{problems.PasskeyNotSupported, Environmental, SuppressPrompts,
		"Your browser or device does not support passkeys. Sign in another way or use a different device.",
		"Your browser or device does not support passkeys. Continue without a passkey or use a different device.",
		"`NotSupportedError`, `ConstraintError`, Android `*UnsupportedException`, \"Your device doesn't support credential manager\", a browser where `PublicKeyCredential` is not defined, @simplewebauthn's \"no available authenticator supported …\" and its codes, an SDK code as the whole message (Expo's \"Error: NotSupported\", Dart's \"Instance of 'DeviceNotSupportedException'\"), Firefox's \"Operation is not supported\", old Chrome's \"Not implemented\", wrappers' `PASSKEYS_NOT_SUPPORTED` and `UNSUPPORTED_ERROR`, `error-1004`; an RP refusing the chosen provider (Samsung account's \"The selected passkey provider isn't supported\"); Clerk's (and Auth0's web SDK's) `passkey_not_supported`, Clerk's `passkeys_pa_not_supported`, Auth0's `UnsupportedOperation`; the browser's \"Your device can't be used with this site… may require a newer or different kind of device\", GitHub's \"reporting partial passkey support\" (an un-entitled WKWebView), \"not compatible\" (read as a keyword); typographic apostrophes (\"doesn’t support\") read as ASCII ones everywhere; an RP's or tenant's policy refusing the key model or type (Entra's \"This security key is not allowed\", Keycloak's \"security key model is not allowed\" and \"requires a different type of security key\"); \"… can only be used on Windows …\" (a keyword)"},
	{problems.PasskeyInterrupted, Transient, Retry,
		"The passkey request was interrupted. Please try again.",
		"Passkey setup was interrupted. Please try again.",
		"LAError -4 and -9, `AbortError` (\"signal is aborted without reason\"), Android `*InterruptedException`, \"A request is already pending\" (any name, `OperationError` included), \"the page does not have focus\", Safari's \"The document is not focused\", Firefox's \"CredentialContainer request is not allowed\", Apple's \"Request already in progress\"; Clerk's `passkey_operation_aborted`; WebKit's \"voided by a new request\", \"request is already pending\" without its article"},
	{problems.PasskeyBiometryLockout, Transient, Retry,
		"Biometrics are locked after too many attempts. Try again and use your device passcode.",
		"Biometrics are locked after too many attempts. Try again and use your device passcode.",
		"LAError -8, its description \"Biometry is locked out\" without a domain; a security key's built-in verification blocked (\"user verification … blocked\", `UV_BLOCKED`, read as keywords)"},
	{problems.PasskeyVerificationFailed, Transient, Retry,
		"We could not verify you. Try again or use another method to sign in.",
		"We could not verify you. Try again or set up a passkey later.",
		"LAError -1"},
	{problems.PasskeyMisconfigured, Configuration, FixConfiguration,
		"Passkey sign-in is temporarily unavailable. Sign in another way.",
		"Passkeys cannot be set up here right now. Continue without a passkey.",
		"Apple 1003, 1004 \"not associated with domain\", `SecurityError`, \"This is an invalid domain\", \"not a registrable domain suffix\", an RP's \"relying party ID is invalid\" and \"'rp.id' cannot be used with the current origin\", an RP's own verification passed on by the page (\"Unexpected registration response origin\", \"Unexpected client data origin\", \"Unexpected RP ID hash\", \"Error validating origin\", \"User verification required, but user could not be verified\" when its options only preferred it), a page's `TypeError` (also quoted in a string: \"TypeError: x is undefined\", or WebKit's bare \"Type error\"), a DOMException name in any case (old Edge's \"securityError code:18\"), \"No entry in pubKeyCredParams\" (even as a `NotSupportedError`), Safari's \"User gesture is not detected\", Apple's \"does not support AutoFill assistance\" (a conditional request of a type AutoFill cannot serve), Chrome's \"same-origin with all of its ancestors\"; inside a `NotAllowedError` too: \"WebAuthn is not supported on sites with TLS certificate errors\", the `publickey-credentials-get`/`-create` Permissions-Policy and cross-origin iframe refusals, \"only available to HTTPS origin\"; Android `*ProviderConfigurationException`, \"[50152] RP ID cannot be validated\", \"The incoming request cannot be validated\", an app without `CREDENTIAL_MANAGER_SET_ORIGIN` or that the RP's asset links do not list (Bitwarden's \"missing asset links\" and \"app not found in asset links\", Keyguard's \"not associated with the relying party\", 1Password's \"does not match the selected app\"), wrappers' `RP_ID_MISMATCH`, `RPID_VALIDATION_ERROR`, `INVALID_INPUT` and react-native-passkey's `InvalidChallenge`, @simplewebauthn's `ERROR_INVALID_DOMAIN`, `ERROR_INVALID_RP_ID`, `ERROR_MALFORMED_PUBKEYCREDPARAMS` and its user-id length refusal, a DOM exception's `DataError`; `error-1000`, `error-1003`; the page's own base64 decoding of its options (`InvalidCharacterError`, \"String contains an invalid character\", \"The string to be decoded is not correctly encoded\"), an RP's UV-flag check passed on (lbuchs/WebAuthn's \"user not verified during authentication\", webauthn-rs's \"The user verified bit is not set\"), AliasVault's \"App is not authorized to access passkeys for …\", Bitwarden's \"app not found in assets links\", an RP's verification function in the stack (`verifyAuthenticationResponse`, `verify_registration_response`); Clerk's `passkey_invalid_rpID_or_domain`; Amplify's `RelyingPartyMismatch` and `InvalidPasskeyRegistrationOptions`/`InvalidPasskeyAuthenticationOptions`; an RP's finish step failing (`err.failed_to_finish_webauthn_login`); webauthn4j's `BadChallengeException`/`BadOriginException`/`BadRpIdException` and \"challenge does not match\" (the RP's verification), \"security error\" spelled out (a keyword); a React Native/Expo build without the passkey module (\"Cannot find native module\"), Expo react-native-passkeys' `NotConfigured` (its name for `*ProviderConfigurationException`)"},
	{problems.SecurityKeyPinInvalid, Transient, Retry,
		"The security key PIN was not accepted. Try again.",
		"The security key PIN was not accepted. Try again.",
		"ASC 8, 20, 21"},
	{problems.SecurityKeyLocked, Transient, Retry,
		"Your security key is locked. Remove it and try again, or sign in another way.",
		"Your security key is locked. Remove it and try again, or set up a passkey later.",
		"ASC 9; ASC 10 is environmental / fallback"},
	{problems.SecurityKeyFull, Environmental, Fallback,
		"Your security key is full.",
		"Your security key has no room for another passkey. Use another authenticator.",
		"ASC 13"},
	{problems.SecurityKeyMultiple, Transient, Retry,
		"More than one security key was found. Present only one and try again.",
		"More than one security key was found. Present only one and try again.",
		"ASC 4"},
	{problems.PasskeyPreferSignInWithApple, Expected, Fallback,
		"Continue with Sign in with Apple.",
		"Continue with Sign in with Apple.",
		"Apple 1009"},
	{problems.PasskeyPlatformError, PlatformFault, Fallback,
		"Verification couldn't be completed. Sign in another way.",
		"We were unable to set up a passkey on this device. Continue without a passkey for now.",
		"Apple 1000, 1002, 1004 alone, 1007, 1008; ASC 0, 1, 6, 11, 14; LAError -10, -1004; `UnknownError` (Firefox's \"The operation failed for an unknown transient reason\"), `NotReadableError` and Chrome's \"unknown error occurred while talking to the credential manager\", a crash inside Play Services (\"[8] UNKNOWN EXCEPTION - java.lang.…\"), androidx's \"error returned from framework\", Windows' \"There was a problem saving your passkey\"; `error-1001` alone; Android's \"Permission Denial: starting Intent\" (one OS component refusing another's, as sandboxed Play Services in the hybrid flow); Play services' \"Unable to get sync account\" (also as corbado's `SyncAccountNotAvailableException`)"},
	{problems.PasskeyNetworkError, Transient, Retry,
		"Passkey sign-in is temporarily unavailable. Try again or sign in another way.",
		"We could not complete the passkey setup right now. Try again or set it up later.",
		"the stock client's \"Failed to fetch\" (and Safari's \"Load failed\", Firefox's \"NetworkError when attempting to fetch resource\"), a wrapper's `network_error`, `error-1002`"},
	{problems.PasskeyUnknown, Unknown, Fallback,
		"Something went wrong with the passkey. Sign in another way.",
		"Something went wrong while setting up the passkey. Continue without a passkey for now.",
		"anything not recognised, unknown Apple or Android codes, `error-1099` without a name inside — never `passkey_cancelled`"},
	{problems.PasskeyBiometryUnavailable, Environmental, Fallback,
		"Biometrics are not available on this device. Use your device passcode or sign in another way.",
		"Biometrics are not available on this device. Use your device passcode or continue without a passkey.",
		"LAError -6, -7, -11, -12, -14"},
	{problems.PasskeyProviderInterference, Environmental, Fallback,
		"A password manager or browser extension interfered with the passkey request. Try again with it turned off, or sign in another way.",
		"A password manager or browser extension interfered with the passkey setup. Try again with it turned off, or continue without a passkey.",
		"an extension's or third-party provider's own texts (Bitwarden's \"Invalid 'sameOriginWithAncestors' value\", KeePassXC's \"Unknown passkeys error\"), its script in a stack (`fido2-page-script`, `passkeys-inject.js`, `chrome-extension://`), a look-alike credential the browser refuses (\"does not implement interface AuthenticatorAttestationResponse\", \"getAuthenticatorData is not a function\", Firefox's \"Permission denied to access object\", \"AuthenticatorAssertionResponse is not defined\", a bare \"Illegal invocation\", a credential that is `null` (\"Cannot read properties of null (reading 'rawId')\")), a provider refusing what browsers accept (KeePassXC's \"Origin and RP ID do not match\", \"No supported algorithms were provided\" and \"Attestation not supported\", Bitwarden's `[Fido2Client]` lines, its Android provider's \"… because user could not be verified\", \"… because browser is not privileged\", \"Passkeys not supported for this app\" (an app other providers serve) and \"There was a problem reading your passkey\" and \"… creating your passkey\", `BitwardenSdk.` errors, 1Password's `passkey-save-prompt` errors, KeePassXC's refusals in every locale it ships, NordPass's \"unsupported passkey algorithm requested\", Proton Pass's \"failed to generate passkey\", a provider that changed the passkey's backup-eligible flag (an RP's \"Backup Eligible flag inconsistency detected during login validation\"), an Android provider's `privilegedAllowlist` and \"did not match the privileged allowlist\", a WebExtension API's \"Type error for parameter … for tabs.update\", Bitwarden's page script's \"_b.authenticatorSelection is undefined\"); Authnkey's \"Security key error: <CTAP status>\" (a third-party Android provider bridging security keys); a provider demanding 32-byte PRF salts (KeePassDX's \"PRF salt 'first' must be 32 bytes\")"},
}

var rowOf = func() map[problems.Code]Row {
	m := make(map[problems.Code]Row, len(table))
	for _, r := range table {
		m[r.Code] = r
	}
	return m
}()

// Table returns the classification table in catalogue order (a copy).
func Table() []Row { return append([]Row(nil), table...) }

// serverRow is the severity and action of one of our own problems reported
// back by a client.
type serverRow struct {
	severity Severity
	action   Action
}

var serverRows = map[problems.Code]serverRow{
	problems.MaxCredentialsPerUserExceeded: {Expected, RemovePasskey},
	problems.SessionExpired:                {Transient, Retry},
	problems.SessionNotFound:               {Transient, Retry},
	problems.ExpiredToken:                  {Transient, Retry},
	problems.ServiceUnavailable:            {Transient, Retry},
	problems.RateLimited:                   {Transient, Retry},
	problems.InternalError:                 {Transient, Retry},
	problems.UnknownCredential:             {Environmental, OfferNewPasskey},
	problems.SignatureCounterRegressed:     {Environmental, OfferNewPasskey},
	problems.CredentialAlreadyRegistered:   {Expected, SignInInstead},
	problems.SigninCompleteError:           {PlatformFault, Fallback},
	problems.Fido2InvalidRegistration:      {PlatformFault, Fallback},
	problems.AuthenticatorNotAllowed:       {Environmental, Fallback},
	problems.MaxUsersExceeded:              {Configuration, Fallback},
	problems.MaxUsersReached:               {Configuration, Fallback},
}

// serverClassification is the row of a catalogued server code: explicit,
// else transient for 5xx and a configuration fault for every other 4xx
// (keys, tokens, origins: things the integrator fixes).
func serverClassification(code problems.Code) (serverRow, bool) {
	e, ok := problems.Lookup(code)
	if !ok || e.Status == 0 {
		return serverRow{}, false
	}
	if r, ok := serverRows[code]; ok {
		return r, true
	}
	if e.Status >= http.StatusInternalServerError {
		return serverRow{Transient, Retry}, true
	}
	return serverRow{Configuration, FixConfiguration}, true
}

// actionDetail is the user sentence for a server code, by action.
var actionDetail = map[Action]string{
	Retry:            "Something went wrong. Please try again.",
	RemovePasskey:    "You have reached the maximum number of passkeys. Remove an existing passkey to add a new one.",
	OfferNewPasskey:  "This passkey is no longer valid here. Sign in another way; you can then create a new passkey.",
	SignInInstead:    "This passkey is already registered. Sign in with it.",
	Fallback:         "Verification failed. Use another sign-in method.",
	FixConfiguration: "Passkeys are temporarily unavailable. Sign in another way.",
}
