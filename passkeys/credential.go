package passkeys

import (
	"encoding/json"
	"time"
)

// Credential is a stored passkey (spec §9.1).
type Credential struct {
	Tenant     string
	ID         []byte
	UserID     string
	UserHandle []byte
	// PublicKey is the COSE key.
	PublicKey       []byte
	AttestationFmt  string
	AttestationType string
	SignCount       uint32
	// AAGUID is the authenticator model as a UUID string, nil when the
	// authenticator reported none.
	AAGUID                      *string
	RPID, Origin                string
	Country, Device, Nickname   *string
	UserVerified                bool
	BackupEligible, BackupState *bool
	IsDiscoverable              *bool
	CreatedAt, LastUsedAt       time.Time
}

// Alias is one alias of a user. Hash is what is stored and looked up;
// Plaintext is kept only when the alias was set with hashing off.
type Alias struct {
	UserID    string
	Hash      string
	Plaintext *string
}

// User summarises one user of /users/list: the union of users with
// credentials and users with aliases.
type User struct {
	UserID string
	// Aliases are the user's aliases as the directory keeps them.
	Aliases          AliasList
	AliasCount       int
	CredentialsCount int64
	LastUsedAt       *time.Time
}

// AliasList is a user's aliases as the user directory keeps them: the JSON
// array /users/list answers (plaintexts in alias-hash order, null for a
// hashed alias). A list page passes it through as it is, without decoding
// and encoding a hundred small arrays.
type AliasList []byte

// MarshalJSON writes the array as stored ([] when empty).
func (l AliasList) MarshalJSON() ([]byte, error) {
	if len(l) == 0 {
		return []byte("[]"), nil
	}
	return l, nil
}

// Plaintexts decodes the list: a plaintext, or nil for a hashed alias.
func (l AliasList) Plaintexts() ([]*string, error) {
	out := []*string{}
	if len(l) == 0 {
		return out, nil
	}
	err := json.Unmarshal(l, &out)
	return out, err
}
