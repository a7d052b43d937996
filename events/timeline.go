package events

import (
	"context"
	"slices"
)

// timelineTypes are the events that tell a user's story to support:
// registrations and sign-ins begun, completed and refused by the server
// (with the problem's errorCode), client failures with their classified
// code, passkey prompts offered (heals among them) and
// skipped, and the changes made to the user.
var timelineTypes = []Type{
	APIAuthUserRegistered, APIAuthPasskeyRegistrationBegan, APIAuthPasskeyRegistrationCompleted, APIAuthPasskeyRegistrationFailed,
	APIUserSignInBegan, APIUserSignInCompleted, APIUserSignInFailed, APIUserSignInVerified, APIUserSigninTokenCreated,
	APIUserMagicLinkCreated, APIUserClientFailure, APIUserPasskeyPromptOffered, APIUserPasskeyPromptSkipped, APIUserSetAliases, APIUserDeleteCredential, APIUserDeleted,
}

// InTimeline reports whether events of type t belong on a user's timeline.
func InTimeline(t Type) bool { return slices.Contains(timelineTypes, t) }

// Timeline returns the last limit events of tenant whose subject is
// userID and whose type is a ceremony or a change of that user, newest
// first. It reads the event log, so it holds what the application logged
// (event logging on) and no more than the application's retention keeps.
func (l *Log) Timeline(ctx context.Context, tenant, userID string, limit int) ([]Event, error) {
	if userID == "" {
		return nil, nil
	}
	return l.store.timeline(ctx, tenant, userID, timelineTypes, limit)
}
