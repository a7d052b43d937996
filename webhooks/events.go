package webhooks

import (
	"slices"

	"passwordless/events"
)

// Webhook event types a tenant can subscribe to.
const (
	UserCreated          = "user.created"
	UserDeleted          = "user.deleted"
	CredentialCreated    = "credential.created"
	CredentialDeleted    = "credential.deleted"
	SigninSucceeded      = "signin.succeeded"
	AliasChanged         = "alias.changed"
	APIKeyLocked         = "api_key.locked"
	APIKeyUnlocked       = "api_key.unlocked"
	AppDeletionScheduled = "app.deletion_scheduled"
	// FailureSpike is an errorCode of the passkey-intelligence counters
	// whose share of a ceremony doubled from one day to the next.
	FailureSpike = "passkey.failure_spike"
	// Test is sent only by POST /webhooks/test; nobody subscribes to it.
	Test = "webhook.test"
)

// EventTypes are the types an endpoint may subscribe to, in documentation
// order. signin.succeeded is high volume: only endpoints that name it get it.
var EventTypes = []string{UserCreated, UserDeleted, CredentialCreated, CredentialDeleted, SigninSucceeded,
	AliasChanged, APIKeyLocked, APIKeyUnlocked, AppDeletionScheduled, FailureSpike}

// KnownEvent reports whether name is a subscribable event type.
func KnownEvent(name string) bool { return slices.Contains(EventTypes, name) }

// fromAudit maps an audit event to the webhook event it reports and the
// payload's data (ids only: never secrets, tokens or keys). ok is false
// for audit events that are not published. user.created is derived from
// credential.created (the user's first passkey) by the Recorder.
func fromAudit(e events.Event) (name string, data map[string]string, ok bool) {
	app := map[string]string{"appId": e.Tenant}
	with := func(k, v string) map[string]string { app[k] = v; return app }
	switch e.Type {
	case events.APIAuthPasskeyRegistrationCompleted:
		return CredentialCreated, with("userId", e.Subject), true
	case events.APIUserDeleteCredential:
		with("userId", e.Subject)
		return CredentialDeleted, with("credentialId", events.DeletedCredentialID(e)), true
	case events.APIUserDeleted:
		return UserDeleted, with("userId", e.Subject), true
	case events.APIUserSignInCompleted:
		return SigninSucceeded, with("userId", e.Subject), true
	case events.APIUserSetAliases:
		return AliasChanged, with("userId", e.Subject), true
	case events.AdminAPIKeyLocked:
		return APIKeyLocked, with("apiKeyId", e.APIKeyID), true
	case events.AdminAPIKeyUnlocked:
		return APIKeyUnlocked, with("apiKeyId", e.APIKeyID), true
	case events.APIManagementAppMarkedForDeletion:
		return AppDeletionScheduled, app, true
	}
	return "", nil, false
}
