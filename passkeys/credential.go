package passkeys

import "time"

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
	// Aliases holds the plaintexts, nil for hashed aliases.
	Aliases          []*string
	CredentialsCount int64
	LastUsedAt       *time.Time
}
