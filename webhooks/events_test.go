package webhooks

import (
	"maps"
	"testing"

	"passwordless/events"
)

// TestFromAudit: the audit events published as webhooks, with ids only.
func TestFromAudit(t *testing.T) {
	tests := []struct {
		e        events.Event
		wantName string
		wantData map[string]string
	}{
		{events.Event{Tenant: "a", Type: events.APIAuthPasskeyRegistrationCompleted, Subject: "u"}, CredentialCreated,
			map[string]string{"appId": "a", "userId": "u"}},
		{events.CredentialDeleted("a", "u", "c"), CredentialDeleted,
			map[string]string{"appId": "a", "credentialId": "c", "userId": "u"}},
		{events.Event{Tenant: "a", Type: events.APIUserDeleted, Subject: "u"}, UserDeleted,
			map[string]string{"appId": "a", "userId": "u"}},
		{events.Event{Tenant: "a", Type: events.APIUserSignInCompleted, Subject: "u"}, SigninSucceeded,
			map[string]string{"appId": "a", "userId": "u"}},
		{events.Event{Tenant: "a", Type: events.APIUserSetAliases, Subject: "u"}, AliasChanged,
			map[string]string{"appId": "a", "userId": "u"}},
		{events.Event{Tenant: "a", Type: events.AdminAPIKeyLocked, APIKeyID: "k123"}, APIKeyLocked,
			map[string]string{"appId": "a", "apiKeyId": "k123"}},
		{events.Event{Tenant: "a", Type: events.AdminAPIKeyUnlocked, APIKeyID: "k123"}, APIKeyUnlocked,
			map[string]string{"appId": "a", "apiKeyId": "k123"}},
		{events.Event{Tenant: "a", Type: events.APIManagementAppMarkedForDeletion, Subject: "a"}, AppDeletionScheduled,
			map[string]string{"appId": "a"}},
		{events.Event{Tenant: "a", Type: events.APIUserSignInBegan, Subject: "u"}, "", nil},
		{events.Event{Tenant: "a", Type: events.AdminAPIKeyCreated, APIKeyID: "k123"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.e.Type.String(), func(t *testing.T) {
			name, data, ok := fromAudit(tt.e)
			if name != tt.wantName || ok != (tt.wantName != "") || !maps.Equal(data, tt.wantData) {
				t.Errorf("fromAudit = %q %v %v, want %q %v", name, data, ok, tt.wantName, tt.wantData)
			}
		})
	}
}
