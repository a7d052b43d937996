package events

import "strings"

// credentialDeletedPrefix starts the message of a credential deletion;
// the credential's id follows it.
const credentialDeletedPrefix = "Deleted credential "

// CredentialDeleted is the event of userID's passkey credentialID being
// deleted in tenant. Its subject is the user (as for every change of a
// user), so the event log filtered by the user id and the user's timeline
// show it; the credential's id is in the message, where
// DeletedCredentialID reads it back.
func CredentialDeleted(tenant, userID, credentialID string) Event {
	return About(tenant, userID, APIUserDeleteCredential,
		credentialDeletedPrefix+credentialID+" of user "+userID+".")
}

// DeletedCredentialID is the credential id of a CredentialDeleted event,
// "" for any other event.
func DeletedCredentialID(e Event) string {
	if e.Type != APIUserDeleteCredential || !strings.HasPrefix(e.Message, credentialDeletedPrefix) {
		return ""
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(e.Message, credentialDeletedPrefix), " ")
	return id
}
