package passkeys

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"passwordless/events"
	"passwordless/problems"
)

// Credentials lists the user's passkeys (GET|POST /credentials/list); an
// unknown user has none.
func (s *Service) Credentials(ctx context.Context, tenant, userID string) ([]Credential, error) {
	if userID == "" {
		return nil, problems.Validation("userId", "The UserId field is required.")
	}
	return s.store.credentialsOfUser(ctx, tenant, userID)
}

// DeleteCredential deletes a passkey by its base64url id. It reports
// whether one was deleted; an unknown id is not an error (upstream
// answers 500 there). The event's subject is the passkey's user, so the
// deletion shows under the user in the event log.
func (s *Service) DeleteCredential(ctx context.Context, tenant, credentialID string) (bool, error) {
	if credentialID == "" {
		return false, problems.Validation("credentialId", "credentialId must not be null or empty")
	}
	id, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(credentialID, "="))
	if err != nil {
		return false, problems.Validation("credentialId", "credentialId must be base64url.")
	}
	cred, err := s.store.credential(ctx, tenant, id)
	if err != nil || cred == nil {
		return false, err // no event for a credential that is not there
	}
	deleted := false
	e := events.CredentialDeleted(tenant, cred.UserID, base64.RawURLEncoding.EncodeToString(id))
	err = s.events.Apply(ctx, e, func(ctx context.Context) error {
		var err error
		if deleted, err = s.store.deleteCredential(ctx, tenant, id); err == nil && !deleted {
			return errNothingDeleted // deleted meanwhile: no second event
		}
		return err
	})
	if errors.Is(err, errNothingDeleted) {
		return false, nil
	}
	return deleted, err
}

// errNothingDeleted rolls back the event of a delete that found nothing.
var errNothingDeleted = errors.New("passkeys: nothing deleted")

// MaxListedUsers caps one answer of /users/list, as upstream does.
const MaxListedUsers = maxListedUsers

// Users lists the users with passkeys or aliases (GET /users/list) in user
// id order: at most limit of them (MaxListedUsers when limit is 0) whose
// user id sorts after after ("" from the start), so a client pages with
// the last user id of each answer.
func (s *Service) Users(ctx context.Context, tenant, after string, limit int) ([]User, error) {
	return s.store.listUsers(ctx, tenant, after, pageLimit(limit))
}

// UsersPage is Users as the JSON array /users/list answers (userId,
// aliasCount, aliases, credentialsCount, lastUsedAt), rendered by the
// database on PostgreSQL: the list is the API's largest answer, and
// encoding it row by row was most of its cost.
func (s *Service) UsersPage(ctx context.Context, tenant, after string, limit int) (json.RawMessage, error) {
	return s.store.usersPage(ctx, tenant, after, pageLimit(limit))
}

// pageLimit is the number of users a list page holds: limit, or
// MaxListedUsers when limit is 0 or above it.
func pageLimit(limit int) int {
	if limit <= 0 || limit > maxListedUsers {
		return maxListedUsers
	}
	return limit
}

// CountUsers counts the users with at least one passkey.
func (s *Service) CountUsers(ctx context.Context, tenant string) (int64, error) {
	return s.store.countUsers(ctx, tenant)
}

// DeleteUser deletes the user's passkeys and aliases; an unknown user is
// not an error. Outstanding verify tokens stay valid, as upstream.
func (s *Service) DeleteUser(ctx context.Context, tenant, userID string) error {
	if userID == "" {
		return problems.Validation("userId", "The UserId field is required.")
	}
	return s.events.Apply(ctx, events.About(tenant, userID, events.APIUserDeleted, "Deleted user "+userID),
		func(ctx context.Context) error { return s.store.deleteUser(ctx, tenant, userID) })
}
