package problems

import "net/http"

// Entry is the catalogue row of one code: the default status and title a
// problem of that code carries, and the paragraph the /errors page shows.
type Entry struct {
	Code   Code   `json:"errorCode"`
	Status int    `json:"status"`
	Title  string `json:"title"`
	Doc    string `json:"description"`
}

// catalogue is the one table of every error code the server can emit. The
// order is the order of the /errors page. Append only: a code that is no
// longer emitted stays here, documented as such.
var catalogue = []Entry{
	// Routing and decoding.
	{NotFound, http.StatusNotFound, "The requested resource was not found.",
		"No endpoint exists at this path. Check the base URL (no trailing slash, no version prefix) and the path."},
	{MethodNotAllowed, http.StatusMethodNotAllowed, "The HTTP method is not allowed for this resource.",
		"The path exists but does not accept this method. The `Allow` header lists the methods it does accept."},
	{InvalidJSON, http.StatusBadRequest, "The request body is not valid JSON.",
		"The body could not be parsed: malformed JSON, trailing commas, comments, or a value of the wrong type (for example an object where a string is expected). Property names are case-insensitive and numbers are accepted for string fields."},
	{UnsupportedMediaType, http.StatusUnsupportedMediaType, "The request body must be application/json.",
		"Endpoints that take a body accept only `Content-Type: application/json`."},
	{PayloadTooLarge, http.StatusRequestEntityTooLarge, "The request body is too large.",
		"Request bodies are capped at 1 MiB. No legitimate call comes near it."},
	{ValidationFailed, http.StatusBadRequest, "One or more validation errors occurred.",
		"The request was well-formed JSON but some fields are missing or out of range. The `errors` member maps each camelCase field name to its messages."},
	{OriginRequired, http.StatusBadRequest, "Origin is required.",
		"Every WebAuthn begin/complete call must carry the `Origin` of the page (the browser client sends `location.origin`). It is checked against the origin in the authenticator's client data."},
	{RateLimited, http.StatusTooManyRequests, "Too many requests.",
		"The application (or this client address) exceeded its request rate. Wait for the number of seconds in `Retry-After`; the `RateLimit-*` headers describe the window."},
	{ServiceUnavailable, http.StatusServiceUnavailable, "The service is temporarily unavailable.",
		"A backing service (database or cache) did not answer. Retrying after a short delay is safe."},
	{InternalError, http.StatusInternalServerError, "An error occurred while processing your request.",
		"Something failed inside the server. Nothing about the cause is returned; quote the `traceId` when reporting it."},
	{TestError, http.StatusBadRequest, "Testing error response",
		"Returned only by `GET /health/throw/api`, so that clients can test their error handling."},
	{Conflict, http.StatusConflict, "The resource already exists.",
		"A write collided with an existing record that must be unique. Endpoints with a more specific code (alias_conflict, credential_already_registered, auth_config_exists, app_id_unavailable) use it instead; this one is the fallback."},
	{OriginNotAllowed, http.StatusForbidden, "The origin is not allowed for this application.",
		"The application lists its `allowedOrigins` (`POST /apps/features`) and the ceremony's `Origin` is not among them, or the `RPID` is not the origin's host or a parent domain of it; a magic-link `urlTemplate` must point at an allowed origin too. An empty list allows any origin."},

	// Authentication and authorisation.
	{MissingAPIKey, http.StatusUnauthorized, "A valid 'ApiKey' header is required.",
		"The endpoint needs the application's public key (`<appId>:public:<32 hex>`) in the `ApiKey` header. The `detail` says what was sent instead."},
	{InvalidAPIKey, http.StatusUnauthorized, "A valid 'ApiKey' header is required.",
		"The `ApiKey` header was present but is not a valid public key of an existing application. The `detail` says why: a token or a secret sent instead, or an unknown value."},
	{MissingAPISecret, http.StatusUnauthorized, "A valid 'ApiSecret' header is required.",
		"The endpoint needs the application's secret (`<appId>:secret:<32 hex>`) in the `ApiSecret` header. Secrets belong on your backend only."},
	{InvalidAPISecret, http.StatusUnauthorized, "A valid 'ApiSecret' header is required.",
		"The `ApiSecret` header was present but is not a valid secret of an existing application. The `detail` says why: a token or a public key sent instead, or an unknown value."},
	{MissingManagementKey, http.StatusUnauthorized, "A valid 'ManagementKey' header is required.",
		"Management endpoints (`/admin/...`) need the server's management key in the `ManagementKey` header."},
	{InvalidManagementKey, http.StatusUnauthorized, "A valid 'ManagementKey' header is required.",
		"The `ManagementKey` header does not match the server's management key."},
	{Forbidden, http.StatusForbidden, "You are forbidden from accessing this resource.",
		"The key is valid but lacks the scope this endpoint needs (public keys: `register`, `login`; secrets: `token_register`, `token_verify`). Check the key's scopes in the admin console."},
	{APIKeyLocked, http.StatusForbidden, "ApiKey has been locked.",
		"The key was locked, either by you or because the application was marked for deletion (which locks every key). Unlock it in the admin console, or cancel the deletion."},
	{APIKeyNotFound, http.StatusNotFound, "Apikey was not found",
		"No API key with this id (the last four characters of the key) exists in the application."},
	{CreateAPIKeyScopesReq, http.StatusBadRequest, "Please select at least one scope.",
		"A new API key needs at least one scope."},

	// Tokens and sessions.
	{MissingToken, http.StatusBadRequest, "This operation requires a token to be passed.",
		"The endpoint expected a token (`register_`, `verify_` or `session_`) and none was present."},
	{MissingRegisterToken, http.StatusBadRequest, "The token you sent was not correct. The token used for this endpoint should start with 'register_'. Make sure you are not sending the wrong value.",
		"`/register/begin` was called without a register token, typically because the backend call to `/register/token` failed and its error was passed to `register()` instead of a token. Obtain a token from `/register/token`; it begins with `register_`."},
	{InvalidToken, http.StatusBadRequest, "The token you supplied was not valid.",
		"The token has the wrong prefix for this endpoint, was issued for another application, was signed with a key that no longer exists (keys live 30 days) or its signature does not match. Often the value sent is an error message instead of a token."},
	{InvalidTokenFormat, http.StatusBadRequest, "The token you supplied was not formatted correctly.",
		"The part after the prefix could not be decoded. Under normal circumstances you never see this; pass tokens through unchanged."},
	{ExpiredToken, http.StatusForbidden, "The token expired.",
		"The token is past its expiry; the title says how long ago. Register and verify tokens live 120 seconds by default: use them immediately or ask for a longer lifetime when creating them."},
	{SessionExpired, http.StatusBadRequest, "The ceremony session has expired.",
		"A `session_` value names a WebAuthn ceremony that must be completed within its timeout. Start the ceremony again with the begin call."},
	{SessionNotFound, http.StatusBadRequest, "The ceremony session is unknown or was already used.",
		"Each `session_` value completes one ceremony only. A replayed or unknown session is refused; start again with the begin call."},

	// Registration, sign-in, users, aliases.
	{MissingUserID, http.StatusBadRequest, "A userId is required.",
		"`/register/token` needs a non-empty `userId` (and `username`); the `errors` member names the missing fields. A register token whose userId is empty is refused at `/register/begin` with the same code."},
	{InvalidArgument, http.StatusBadRequest, "An argument has an invalid value.",
		"A value such as `userVerification` or `authenticatorType` is not one of the allowed values; the title lists them."},
	{InvalidAttestation, http.StatusBadRequest, "Attestation type not supported",
		"Only the attestation conveyance values `none`, `direct` and `indirect` are supported."},
	{AttestationNotSupportedOnPlan, http.StatusBadRequest, "Attestation type not supported on your plan",
		"`direct`/`indirect` attestation and the authenticator allow/block lists need a plan with attestation (`allowAttestation`). Use `none`, or change the plan. On `/authenticators/*` the status is 403."},
	{Fido2InvalidRegistration, http.StatusBadRequest, "The registration could not be verified.",
		"The authenticator's response failed verification: challenge, origin, relying-party id, attestation format or signature. The title names the failing check."},
	{AuthenticatorNotAllowed, http.StatusBadRequest, "The authenticator is not allowed to be used for registration.",
		"The authenticator's AAGUID is on the application's block list, or an allow list exists and it is not on it."},
	{AttestationRequired, http.StatusBadRequest, "Attestation 'none' was used for registration, but an allowlist was configured. Please use a supported attestation method.",
		"With an authenticator allow list, registrations must request `direct` or `indirect` attestation."},
	{UnknownCredential, http.StatusBadRequest, "We don't recognize the passkey you sent us.",
		"The passkey used is not registered here (it may have been deleted on the server but still exists on the device). The `credentialId` member carries the id sent. Remove the passkey from the device, sign in another way and register a new one."},
	{SigninCompleteError, http.StatusBadRequest, "The sign-in could not be verified.",
		"The assertion failed verification: challenge, origin, relying-party id, signature or user handle. The title names the failing check."},
	{CredentialAlreadyRegistered, http.StatusConflict, "This passkey is already registered.",
		"A credential with the same id is already registered in this application. The browser normally prevents this through `excludeCredentials`."},
	{SignatureCounterRegressed, http.StatusBadRequest, "The passkey's signature counter went backwards.",
		"The authenticator reported a signature counter not greater than the stored one, a sign that the credential was cloned. The sign-in is refused; the user should sign in another way and replace the passkey."},
	{AliasConflict, http.StatusConflict, "Alias is already in use by another userid",
		"Aliases are unique per application. Remove the alias from the other user (`POST /alias`) or choose another."},
	{MaxUsersExceeded, http.StatusBadRequest, "Maximum number of users reached",
		"The application's plan limits the number of users with passkeys. Existing users can still add passkeys; new users cannot register until the plan changes."},
	{MaxUsersReached, http.StatusBadRequest, "Maximum number of users reached",
		"Upstream's name for `max_users_exceeded`. Listed so clients that match on it find it; this server emits `max_users_exceeded`."},
	{MaxCredentialsPerUserExceeded, http.StatusBadRequest, "The user has reached the maximum number of passkeys.",
		"The application limits how many passkeys one user may hold (`maxCredentialsPerUser`). Delete an old passkey before registering a new one."},
	{GenerateTokenDisabled, http.StatusForbidden, "The 'POST /signin/generate-token' endpoint is disabled",
		"Enable manually generated authentication tokens in the application settings (`enableManuallyGeneratedAuthenticationTokens`)."},
	{AuthConfigExists, http.StatusBadRequest, "The configuration already exists.",
		"An authentication configuration with this purpose exists (the presets `sign-in` and `step-up` always do). Update it instead."},
	{AuthConfigNotFound, http.StatusNotFound, "The configuration does not exist.",
		"No authentication configuration has this purpose."},
	{AuthConfigPresetNotDeletable, http.StatusBadRequest, "The preset configuration cannot be deleted.",
		"The `sign-in` and `step-up` configurations always exist; they can be edited but not deleted."},
	{UnknownAuthenticator, http.StatusBadRequest, "One or more authenticators do not exist in the FIDO2 MDS.",
		"Every AAGUID added to an allow or block list must be a well-formed AAGUID known to the configured FIDO metadata."},
	{EventLoggingDisabled, http.StatusForbidden, "Event logging is not enabled for this application.",
		"The event log is a plan feature. Enable event logging for the application to record and read events."},
	{MagicLinksDisabled, http.StatusForbidden, "You must enable Magic Links in settings in order to use this feature.",
		"Enable magic links for the application (`enableMagicLinks`)."},
	{MagicLinkEmailAdminAddressOnly, http.StatusForbidden, "Because your application has been created less than 24 hours ago, you can only request magic links to the admin email address.",
		"A measure against spam: a new application may only send magic links to its admin addresses during its first day (MAGIC_LINK_NEW_APP_TIMEOUT, 24 hours by default). The detail and `adminOnlyUntil` say when that ends."},
	{MagicLinkEmailQuotaExceeded, http.StatusTooManyRequests, "You have reached your monthly quota for magic link emails. Please try again later.",
		"Dispatched e-mails are counted over a sliding 30-day window, so capacity returns day by day. The detail, `monthlyQuota`, `effectiveQuota` (lower while the application is younger than 30 days) and `resetsAt` (with `Retry-After`) say which limit was hit and when the next e-mail can go. Raise the quota in the console or with the management API."},
	{MailSendFailed, http.StatusServiceUnavailable, "The e-mail could not be sent.",
		"The mail server did not accept the message. Nothing was counted against the quota; retrying later is safe."},

	// Application lifecycle.
	{AppIDUnavailable, http.StatusConflict, "The application id is not available.",
		"An application with this id already exists, or the id was used before. Choose another id."},
	{AppNotFound, http.StatusBadRequest, "App was not found.",
		"No application with this id exists."},
	{AppPendingDeletion, http.StatusBadRequest, "App is already pending to be deleted.",
		"The application is already scheduled for deletion. Cancel the deletion first to change it."},
	{AppNotPendingDeletion, http.StatusBadRequest, "App cannot be deleted yet.",
		"The application is not scheduled for deletion, or its deletion date has not passed."},
	{ConsoleAppProtected, http.StatusForbidden, "This is the admin console's own application.",
		"The admin console signs its admins in through this application: the management API cannot delete it, schedule or cancel its deletion, create, lock, unlock or delete its API keys, freeze or unfreeze it, or change its features."},

	// Client-side passkey failures (status 0: classifications returned by
	// POST /diagnostics/failures, never HTTP errors). docs/diagnostics.md
	// has the severity and action of each.
	{PasskeyCancelled, 0, "The passkey dialog was cancelled.",
		"The user dismissed the operating system's passkey sheet (Apple 1001, ASC 2 and 12, LAError -2, an Android `*CancellationException`). A normal outcome: on sign-in offer another way in; on registration do nothing."},
	{PasskeyNotAllowed, 0, "The browser did not allow the passkey operation.",
		"A browser `NotAllowedError`: the user cancelled, the dialog timed out, or no passkey for this site exists on the device. Browsers make these look the same on purpose; offer another way in."},
	{PasskeyTimeout, 0, "The passkey dialog timed out.",
		"A `NotAllowedError` reported with `elapsedMs` at or past `timeoutMs`: the user did not answer the prompt in time. Retrying is fine."},
	{PasskeyNoCredentials, 0, "No passkey for this site is available on the device.",
		"Apple 1005 or ASC 5, Android `NoCredentialException`. Offer another way in; after it succeeds, offer to create a passkey on this device."},
	{PasskeyAlreadyRegistered, 0, "A passkey for this account already exists on the device.",
		"The authenticator holds a credential listed in `excludeCredentials` (Apple 1006, ASC 7, `InvalidStateError` on registration, Android `TYPE_INVALID_STATE_ERROR`). Sign in with it instead."},
	{PasskeyDeviceNotConfigured, 0, "The device is not set up for passkeys.",
		"No passcode or no iCloud Keychain (Apple 1010, ASC 17 and 22, LAError -5), or no credential provider on Android. Nothing the page can fix: stop prompting this user to create passkeys."},
	{PasskeyNotSupported, 0, "The browser or device does not support passkeys.",
		"A browser `NotSupportedError` or `ConstraintError`, an Android `*UnsupportedException`, a seed-004 `error-1004`. Stop prompting on this device."},
	{PasskeyInterrupted, 0, "The passkey operation was interrupted.",
		"The system or the page aborted the operation (LAError -4 and -9, a browser `AbortError`, an Android `*InterruptedException`). Retrying is fine."},
	{PasskeyBiometryLockout, 0, "Biometrics are locked after too many attempts.",
		"LAError -8: the device asks for its passcode before biometrics work again. Retry; the system offers the passcode."},
	{PasskeyVerificationFailed, 0, "The user could not be verified.",
		"LAError -1: biometric or passcode verification failed. Retry."},
	{PasskeyMisconfigured, 0, "The passkey request does not match the site's or app's configuration.",
		"The relying party id does not match the page or the app is not associated with the domain (Apple 1003, 1004 \"not associated with domain\", a browser `SecurityError`, \"This is an invalid domain\", an Android `*ProviderConfigurationException`). Fix the configuration; users cannot."},
	{SecurityKeyPinInvalid, 0, "The security key PIN was not accepted.",
		"ASC 8, 20 and 21: a wrong, too short or too long PIN. Retry with the right PIN."},
	{SecurityKeyLocked, 0, "The security key is locked.",
		"ASC 9 (temporarily locked: remove it and retry) or ASC 10 (too many wrong PINs: the key must be reset; use another way in)."},
	{SecurityKeyFull, 0, "The security key has no room for another passkey.",
		"ASC 13. Use another authenticator or another way in."},
	{SecurityKeyMultiple, 0, "More than one security key was presented.",
		"ASC 4: present one NFC key only and retry."},
	{PasskeyPreferSignInWithApple, 0, "The user prefers Sign in with Apple.",
		"Apple 1009: offer Sign in with Apple or another way in."},
	{PasskeyPlatformError, 0, "The operating system's passkey service failed.",
		"Apple 1000, 1002, 1007, 1008, ASC 0, 1, 6 and 14 with no better cause inside, a browser `UnknownError`: a platform fault. Logged and monitored; offer another way in."},
	{PasskeyNetworkError, 0, "The passkey service could not be reached.",
		"The stock browser client's \"Failed to fetch\" (network failure or CORS refusal), a seed-004 `error-1002`. Retry."},
	{PasskeyUnknown, 0, "The passkey failure could not be classified.",
		"Nothing in the report was recognised, or the report is truly ambiguous. Never treated as a cancellation; offer another way in."},
	{PasskeyBiometryUnavailable, 0, "Biometrics are not available on the device.",
		"LAError -6, -7, -11, -12 and -14: no biometric hardware, none enrolled, or the accessory or companion device is missing. Passkeys still work with the passcode; offer another way in."},

	// Webhooks.
	{WebhookNotFound, http.StatusNotFound, "The webhook endpoint was not found.",
		"No webhook endpoint with this id exists in the application. List them with GET /webhooks/list."},
	{WebhookDeliveryNotFound, http.StatusNotFound, "The webhook delivery was not found.",
		"No delivery with this id exists in the application. List an endpoint's deliveries with GET /webhooks/deliveries."},
	{WebhookLimitExceeded, http.StatusConflict, "The application has the maximum number of webhook endpoints.",
		"An application may have 10 webhook endpoints. Delete one, or subscribe an existing endpoint to more events."},
	{WebhookURLNotAllowed, http.StatusBadRequest, "The webhook URL is not allowed.",
		"Webhooks are sent only to https URLs on public addresses. Plain http and every IANA special-purpose address of either family (private, loopback, link-local, NAT64, 6to4, IPv4-compatible, benchmarking, documentation, reserved; checked when the endpoint is added and again when the worker connects) are refused, unless the server runs with WEBHOOKS_ALLOW_PRIVATE=1 (development: any address, and plain http)."},

	// Client failures added later (the group is every code of status 0).
	{PasskeyProviderInterference, 0, "A browser extension or another passkey provider interfered with the request.",
		"A password manager's browser extension or a third-party credential provider (Bitwarden, 1Password, KeePassXC) replaced the browser's passkey call and failed: its own error texts, a TypeError thrown inside the extension's script, or an object the browser does not recognise as a credential. Neither the site's configuration nor the user's cancel; suggest trying again with the extension turned off, or another way in."},

	// Console rules.
	{APIKeyActive, http.StatusConflict, "Lock the API key before deleting it.",
		"The console deletes only a locked key, as upstream's console does: lock it, check that nothing stopped working, then delete it. (The management API's DELETE /admin/apps/{appId}/api-keys/{apiKeyId} deletes any key, as upstream's does.)"},
}

var byCode = func() map[Code]Entry {
	m := make(map[Code]Entry, len(catalogue))
	for _, e := range catalogue {
		m[e.Code] = e
	}
	return m
}()

// Lookup returns the catalogue entry of code.
func Lookup(code Code) (Entry, bool) {
	e, ok := byCode[code]
	return e, ok
}

// All returns every catalogue entry in page order. The slice is a copy.
func All() []Entry {
	return append([]Entry(nil), catalogue...)
}
