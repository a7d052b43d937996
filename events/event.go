// Package events owns the tenant event log: what happened in an application,
// written only when the application has event logging on, readable through
// GET /events and purged after the application's retention period.
package events

import (
	"context"
	"slices"
	"time"
)

// Type is an event type. The numbers and names are upstream's
// (spec §9.3); the name is what the API returns.
type Type int

// Event types written by the API.
const (
	APIAuthUserRegistered                    Type = 1000
	APIAuthPasskeyRegistrationBegan          Type = 1001
	APIAuthPasskeyRegistrationCompleted      Type = 1002
	APIAuthInvalidSecretKeyUsed              Type = 1003
	APIAuthInvalidPublicKeyUsed              Type = 1004
	APIAuthDisabledSecretKeyUsed             Type = 1005
	APIAuthDisabledPublicKeyUsed             Type = 1006
	APIUserSetAliases                        Type = 1100
	APIUserDeleteCredential                  Type = 1101
	APIUserSignInBegan                       Type = 1102
	APIUserSignInCompleted                   Type = 1103
	APIUserSignInVerified                    Type = 1104
	APIUserDeleted                           Type = 1105
	APIUserSigninTokenCreated                Type = 1106
	APIUserMagicLinkCreated                  Type = 1107
	APIUserClientFailure                     Type = 1108 // issue 15's client_failure
	APIUserPasskeyPromptOffered              Type = 1109 // ours: issue 21's prompt offered a passkey (a heal too)
	APIUserPasskeyPromptSkipped              Type = 1110 // ours: the user's "I'll do it later"
	APIAuthPasskeyRegistrationFailed         Type = 1111 // ours: /register/complete refused, with its errorCode
	APIUserSignInFailed                      Type = 1112 // ours: /signin/complete refused, with its errorCode
	APIWebhookEndpointAdded                  Type = 1500 // ours: webhooks have no upstream events
	APIWebhookEndpointDeleted                Type = 1501
	APIWebhookSecretRotated                  Type = 1502
	APIWebhookDeliveryFailed                 Type = 1503
	APIWebhookEndpointDisabled               Type = 1504
	APIWebhookEndpointEnabled                Type = 1505
	APIWebhookRedeliveryRequested            Type = 1506
	APIAuthOriginsNotPinned                  Type = 1600 // ours: issue 16's warning for an empty allowedOrigins
	APIManagementAppMarkedForDeletion        Type = 1200
	APIManagementAppDeletionCancelled        Type = 1201
	APIManagementAppCreated                  Type = 1202
	APIManagementAppFrozen                   Type = 1203
	APIManagementAppUnfrozen                 Type = 1204
	APIAuthenticatorsAllowlisted             Type = 1300
	APIAuthenticatorsBlacklisted             Type = 1301
	APIAuthenticatorsDelisted                Type = 1302
	APIAuthenticationConfigurationCreated    Type = 1400
	APIAuthenticationConfigurationUpdated    Type = 1401
	APIAuthenticationConfigurationDeleted    Type = 1402
	AdminAPIKeyCreated                       Type = 7008
	AdminAPIKeyDeleted                       Type = 7009
	AdminAPIKeyLocked                        Type = 7010
	AdminAPIKeyUnlocked                      Type = 7011
	AdminAPIKeysEnumerated                   Type = 7012
	AdminGenerateSignInTokenEndpointEnabled  Type = 7013
	AdminGenerateSignInTokenEndpointDisabled Type = 7014
	AdminMagicLinksEnabled                   Type = 7015
	AdminMagicLinksDisabled                  Type = 7016
	AdminAppLimitsChanged                    Type = 7100 // ours: the console's event logging and limits form
	AdminPasskeyRolloutChanged               Type = 7101 // ours: issue 21's decision rules and kill switch
	// Ours: an organization's events in the console (issue 12), kept in the
	// console's own application log with the organization as the subject.
	ConsoleOrgCreated     Type = 1700
	ConsoleOrgRenamed     Type = 1701
	ConsoleOrgDeleted     Type = 1702
	ConsoleAdminAdded     Type = 1703
	ConsoleAdminRemoved   Type = 1704
	ConsoleInviteSent     Type = 1705
	ConsoleInviteAccepted Type = 1706
	ConsoleInviteRevoked  Type = 1707
	ConsoleAppCreated     Type = 1708
	ConsoleAppDeleted     Type = 1709
	// An admin's sign-ins (passkey or magic link), refused sign-ins whose
	// admin is known, sign-outs, and the organization's settings (issue 22).
	ConsoleAdminSignedIn      Type = 1710
	ConsoleAdminSignedOut     Type = 1711
	ConsoleAdminSigninFailed  Type = 1712
	ConsoleOrgSettingsChanged Type = 1713
)

// lastConsoleType is the highest of the console's organization types.
const lastConsoleType = ConsoleOrgSettingsChanged

var typeNames = map[Type]string{
	APIAuthUserRegistered: "ApiAuthUserRegistered", APIAuthPasskeyRegistrationBegan: "ApiAuthPasskeyRegistrationBegan",
	APIAuthPasskeyRegistrationCompleted: "ApiAuthPasskeyRegistrationCompleted",
	APIAuthInvalidSecretKeyUsed:         "ApiAuthInvalidSecretKeyUsed", APIAuthInvalidPublicKeyUsed: "ApiAuthInvalidPublicKeyUsed",
	APIAuthDisabledSecretKeyUsed: "ApiAuthDisabledSecretKeyUsed", APIAuthDisabledPublicKeyUsed: "ApiAuthDisabledPublicKeyUsed",
	APIUserSetAliases: "ApiUserSetAliases", APIUserDeleteCredential: "ApiUserDeleteCredential",
	APIUserSignInBegan: "ApiUserSignInBegan", APIUserSignInCompleted: "ApiUserSignInCompleted",
	APIUserSignInVerified: "ApiUserSignInVerified", APIUserDeleted: "ApiUserDeleted",
	APIUserSigninTokenCreated: "ApiUserSigninTokenCreated", APIUserMagicLinkCreated: "ApiUserMagicLinkCreated",
	APIUserClientFailure:              "ApiUserClientFailure",
	APIUserPasskeyPromptOffered:       "ApiUserPasskeyPromptOffered",
	APIUserPasskeyPromptSkipped:       "ApiUserPasskeyPromptSkipped",
	APIAuthPasskeyRegistrationFailed:  "ApiAuthPasskeyRegistrationFailed",
	APIUserSignInFailed:               "ApiUserSignInFailed",
	APIWebhookEndpointAdded:           "ApiWebhookEndpointAdded",
	APIWebhookEndpointDeleted:         "ApiWebhookEndpointDeleted",
	APIWebhookSecretRotated:           "ApiWebhookSecretRotated",
	APIWebhookDeliveryFailed:          "ApiWebhookDeliveryFailed",
	APIWebhookEndpointDisabled:        "ApiWebhookEndpointDisabled",
	APIWebhookEndpointEnabled:         "ApiWebhookEndpointEnabled",
	APIWebhookRedeliveryRequested:     "ApiWebhookRedeliveryRequested",
	APIAuthOriginsNotPinned:           "ApiAuthOriginsNotPinned",
	APIManagementAppMarkedForDeletion: "ApiManagementAppMarkedForDeletion",
	APIManagementAppDeletionCancelled: "ApiManagementAppDeletionCancelled",
	APIManagementAppCreated:           "ApiManagementAppCreated", APIManagementAppFrozen: "ApiManagementAppFrozen",
	APIManagementAppUnfrozen:     "ApiManagementAppUnfrozen",
	APIAuthenticatorsAllowlisted: "ApiAuthenticatorsAllowlisted", APIAuthenticatorsBlacklisted: "ApiAuthenticatorsBlacklisted",
	APIAuthenticatorsDelisted:             "ApiAuthenticatorsDelisted",
	APIAuthenticationConfigurationCreated: "ApiAuthenticationConfigurationCreated",
	APIAuthenticationConfigurationUpdated: "ApiAuthenticationConfigurationUpdated",
	APIAuthenticationConfigurationDeleted: "ApiAuthenticationConfigurationDeleted",
	AdminAPIKeyCreated:                    "AdminApiKeyCreated", AdminAPIKeyDeleted: "AdminApiKeyDeleted",
	AdminAPIKeyLocked: "AdminApiKeyLocked", AdminAPIKeyUnlocked: "AdminApiKeyUnlocked",
	AdminAPIKeysEnumerated:                   "AdminApiKeysEnumerated",
	AdminGenerateSignInTokenEndpointEnabled:  "AdminGenerateSignInTokenEndpointEnabled",
	AdminGenerateSignInTokenEndpointDisabled: "AdminGenerateSignInTokenEndpointDisabled",
	AdminMagicLinksEnabled:                   "AdminMagicLinksEnabled", AdminMagicLinksDisabled: "AdminMagicLinksDisabled",
	AdminAppLimitsChanged:      "AdminAppLimitsChanged",
	AdminPasskeyRolloutChanged: "AdminPasskeyRolloutChanged",
	ConsoleOrgCreated:          "ConsoleOrgCreated", ConsoleOrgRenamed: "ConsoleOrgRenamed", ConsoleOrgDeleted: "ConsoleOrgDeleted",
	ConsoleAdminAdded: "ConsoleAdminAdded", ConsoleAdminRemoved: "ConsoleAdminRemoved",
	ConsoleInviteSent: "ConsoleInviteSent", ConsoleInviteAccepted: "ConsoleInviteAccepted",
	ConsoleInviteRevoked: "ConsoleInviteRevoked", ConsoleAppCreated: "ConsoleAppCreated",
	ConsoleAppDeleted: "ConsoleAppDeleted", ConsoleAdminSignedIn: "ConsoleAdminSignedIn",
	ConsoleAdminSignedOut: "ConsoleAdminSignedOut", ConsoleAdminSigninFailed: "ConsoleAdminSigninFailed",
	ConsoleOrgSettingsChanged: "ConsoleOrgSettingsChanged",
}

// String is the upstream name of the type, as the API returns it.
func (t Type) String() string { return typeNames[t] }

// Severity of an event, with upstream's numbers.
type Severity int

// Severities.
const (
	Alert         Severity = 1
	Warning       Severity = 2
	Informational Severity = 3
	Error         Severity = 5
)

// String is the name the API returns.
func (s Severity) String() string {
	switch s {
	case Alert:
		return "Alert"
	case Warning:
		return "Warning"
	case Error:
		return "Error"
	default:
		return "Informational"
	}
}

// Event is one entry of a tenant's log.
type Event struct {
	Tenant      string
	Type        Type
	Severity    Severity
	Message     string
	PerformedBy string // "Unknown User" when blank
	Subject     string
	APIKeyID    string // last 4 characters of the key used, never the key
	PerformedAt time.Time
	// Device is the platform and browser of a ceremony's client, named by
	// the User-Agent family parser ("Safari on iOS"): ours, for a user's
	// timeline in the console; GET /events does not return it.
	Device string
}

// Recorder is how services write their own audit events. Implementations
// drop events of applications whose logging is off. Who acted comes from
// the context (WithActor), never from the caller's arguments, so every
// path into a service (HTTP, CLI, console) is audited the same way.
type Recorder interface {
	// Record writes e. When ctx carries a transaction (storage.InTx), the
	// event is part of it: an error aborts the change it describes.
	Record(ctx context.Context, e Event) error
	// Apply runs change and records e atomically: both happen or neither.
	// When the application does not log events, change runs alone and
	// costs no transaction.
	Apply(ctx context.Context, e Event, change func(ctx context.Context) error) error
}

// Discard is a Recorder that keeps nothing.
type Discard struct{}

// Record implements Recorder.
func (Discard) Record(context.Context, Event) error { return nil }

// Apply implements Recorder.
func (Discard) Apply(ctx context.Context, _ Event, change func(ctx context.Context) error) error {
	return change(ctx)
}

// About is the informational event of type typ about subject (a user, a
// credential, a purpose, the application itself) in tenant's log; the
// actor, the time and the default severity are filled in when recorded.
func About(tenant, subject string, typ Type, msg string) Event {
	return Event{Tenant: tenant, Type: typ, Message: msg, Subject: subject}
}

// Types lists every event type an application's log can hold, by number,
// for pickers: not the console's organization types, which only the
// console's own log holds.
func Types() []Type {
	out := make([]Type, 0, len(typeNames))
	for t := range typeNames {
		if t < ConsoleOrgCreated || t > lastConsoleType {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}
