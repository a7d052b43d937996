package problems

// Code is a stable, machine-readable error identifier. Codes are part of the
// public contract: they are append-only, never renamed and never reused. The
// golden file testdata/codes.golden pins them.
type Code string

// Routing, decoding and generic failures.
const (
	NotFound             Code = "not_found"
	MethodNotAllowed     Code = "method_not_allowed"
	InvalidJSON          Code = "invalid_json"
	UnsupportedMediaType Code = "unsupported_media_type"
	PayloadTooLarge      Code = "payload_too_large"
	ValidationFailed     Code = "validation_failed"
	OriginRequired       Code = "origin_required"
	RateLimited          Code = "rate_limited"
	ServiceUnavailable   Code = "service_unavailable"
	InternalError        Code = "internal_error"
	TestError            Code = "test_error"
	Conflict             Code = "conflict"
	OriginNotAllowed     Code = "origin_not_allowed"
)

// Authentication and authorisation.
const (
	MissingAPIKey         Code = "missing_api_key"
	InvalidAPIKey         Code = "invalid_api_key"
	MissingAPISecret      Code = "missing_api_secret"
	InvalidAPISecret      Code = "invalid_api_secret"
	MissingManagementKey  Code = "missing_management_key"
	InvalidManagementKey  Code = "invalid_management_key"
	Forbidden             Code = "forbidden"
	APIKeyLocked          Code = "api_key_locked"
	APIKeyNotFound        Code = "api_key_not_found"
	CreateAPIKeyScopesReq Code = "create_api_key_scopes_required"
)

// Tokens and ceremony sessions.
const (
	MissingToken         Code = "missing_token"
	MissingRegisterToken Code = "missing_register_token"
	InvalidToken         Code = "invalid_token"
	InvalidTokenFormat   Code = "invalid_token_format"
	ExpiredToken         Code = "expired_token"
	SessionExpired       Code = "session_expired"
	SessionNotFound      Code = "session_not_found"
)

// Registration, sign-in, users and aliases.
const (
	MissingUserID                  Code = "missing_userid"
	InvalidArgument                Code = "invalid_argument"
	InvalidAttestation             Code = "invalid_attestation"
	AttestationNotSupportedOnPlan  Code = "attestation_not_supported_on_plan"
	Fido2InvalidRegistration       Code = "fido2_invalid_registration"
	AuthenticatorNotAllowed        Code = "authenticator_not_allowed"
	AttestationRequired            Code = "attestation_required"
	UnknownCredential              Code = "unknown_credential"
	SigninCompleteError            Code = "signin_complete_error"
	CredentialAlreadyRegistered    Code = "credential_already_registered"
	SignatureCounterRegressed      Code = "signature_counter_regressed"
	AliasConflict                  Code = "alias_conflict"
	MaxUsersExceeded               Code = "max_users_exceeded"
	MaxUsersReached                Code = "max_users_reached"
	MaxCredentialsPerUserExceeded  Code = "max_credentials_per_user_exceeded"
	GenerateTokenDisabled          Code = "generate_token_disabled"
	AuthConfigExists               Code = "auth_config_exists"
	AuthConfigNotFound             Code = "auth_config_not_found"
	AuthConfigPresetNotDeletable   Code = "auth_config_preset_not_deletable"
	UnknownAuthenticator           Code = "unknown_authenticator"
	EventLoggingDisabled           Code = "event_logging_disabled"
	MagicLinksDisabled             Code = "magic_links_disabled"
	MagicLinkEmailAdminAddressOnly Code = "magic_link_email_admin_address_only"
	MagicLinkEmailQuotaExceeded    Code = "magic_link_email_quota_exceeded"
	MailSendFailed                 Code = "mail_send_failed"
)

// Application lifecycle (management API).
const (
	AppIDUnavailable      Code = "app_id_unavailable"
	AppNotFound           Code = "app_not_found"
	AppPendingDeletion    Code = "app_pending_deletion"
	AppNotPendingDeletion Code = "app_not_pending_deletion"
	ConsoleAppProtected   Code = "console_app_protected"
)

// Client-side passkey failures: not answers of this server but the
// classification POST /diagnostics/failures gives a failure a browser or an
// app reports (its `errorCode`, with a severity and an action). They appear
// in the catalogue so /errors explains them; their status is 0 because no
// response ever carries them as an HTTP error.
const (
	PasskeyCancelled             Code = "passkey_cancelled"
	PasskeyNotAllowed            Code = "passkey_not_allowed"
	PasskeyTimeout               Code = "passkey_timeout"
	PasskeyNoCredentials         Code = "passkey_no_credentials"
	PasskeyAlreadyRegistered     Code = "passkey_already_registered"
	PasskeyDeviceNotConfigured   Code = "passkey_device_not_configured"
	PasskeyNotSupported          Code = "passkey_not_supported"
	PasskeyInterrupted           Code = "passkey_interrupted"
	PasskeyBiometryLockout       Code = "passkey_biometry_lockout"
	PasskeyVerificationFailed    Code = "passkey_verification_failed"
	PasskeyMisconfigured         Code = "passkey_misconfigured"
	SecurityKeyPinInvalid        Code = "security_key_pin_invalid"
	SecurityKeyLocked            Code = "security_key_locked"
	SecurityKeyFull              Code = "security_key_full"
	SecurityKeyMultiple          Code = "security_key_multiple"
	PasskeyPreferSignInWithApple Code = "passkey_prefer_sign_in_with_apple"
	PasskeyPlatformError         Code = "passkey_platform_error"
	PasskeyNetworkError          Code = "passkey_network_error"
	PasskeyUnknown               Code = "passkey_unknown"
	PasskeyBiometryUnavailable   Code = "passkey_biometry_unavailable"
	// PasskeyProviderInterference: a browser extension or third-party
	// credential provider (Bitwarden, 1Password, KeePassXC) took the
	// request over and failed it. Appended after the webhook codes.
	PasskeyProviderInterference Code = "passkey_provider_interference"
)

// IsClientFailure reports whether code names a client-side failure (the
// group above): a classification, never an HTTP error of this server.
func IsClientFailure(code Code) bool {
	e, ok := Lookup(code)
	return ok && e.Status == 0
}

// Webhooks.
const (
	WebhookNotFound         Code = "webhook_not_found"
	WebhookDeliveryNotFound Code = "webhook_delivery_not_found"
	WebhookLimitExceeded    Code = "webhook_limit_exceeded"
	WebhookURLNotAllowed    Code = "webhook_url_not_allowed"
)

// Console rules.
const (
	// APIKeyActive: the console deletes only a locked key.
	APIKeyActive Code = "api_key_active"
)
