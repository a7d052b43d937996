package passkeystest

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Attestation statement formats the authenticator can produce.
const (
	AttestationNone   = "none"
	AttestationPacked = "packed"
)

// Authenticator flags (WebAuthn §6.1).
const (
	flagUP = 0x01
	flagUV = 0x04
	flagBE = 0x08
	flagBS = 0x10
	flagAT = 0x40
)

// ErrNoCredential is what the browser reports as NotAllowedError when the
// authenticator holds no credential the request allows.
var ErrNoCredential = errors.New("passkeystest: no matching credential (NotAllowedError)")

// ErrExcluded is InvalidStateError: the authenticator already holds one of
// the excludeCredentials.
var ErrExcluded = errors.New("passkeystest: authenticator holds an excluded credential (InvalidStateError)")

// Authenticator is a software authenticator. The zero value is not usable;
// use New. Its fields may be changed between ceremonies.
type Authenticator struct {
	// Alg is the key type of new credentials; it must be among the
	// offered pubKeyCredParams, like a real authenticator's.
	Alg Alg
	// Format is the attestation statement format: AttestationNone or
	// AttestationPacked (self attestation).
	Format string
	// AAGUID identifies the authenticator model.
	AAGUID [16]byte
	// BackupEligible and BackedUp set the BE and BS flags (synced passkeys).
	BackupEligible, BackedUp bool
	// NoCounter leaves signature counters at 0, as synced passkeys do.
	NoCounter bool
	// NextCredentialID, when set, is the id of the next credential made
	// (then cleared): tests use it to present an id that exists already.
	NextCredentialID []byte

	mu    sync.Mutex
	creds []*Credential
}

// New returns an authenticator making credentials of alg with attestation
// format and a fixed test AAGUID.
func New(alg Alg, format string) *Authenticator {
	return &Authenticator{Alg: alg, Format: format,
		AAGUID: [16]byte{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08}}
}

// Credential is one passkey held by the authenticator.
type Credential struct {
	ID   []byte
	RPID string
	// UserHandle is user.id from the creation options; it is what an
	// assertion sends as userHandle when asked to.
	UserHandle []byte
	// Counter is the last signature counter used; the next assertion
	// sends Counter+1 (unless the authenticator has NoCounter). Set it
	// lower to act out a cloned authenticator.
	Counter uint32
	key     keyPair
}

// IDString is the credential id as the client sends it (base64url).
func (c *Credential) IDString() string { return b64(c.ID) }

// Clone returns a copy sharing the private key, as a cloned authenticator
// would hold; its counter moves independently.
func (c *Credential) Clone() *Credential {
	d := *c
	return &d
}

// Credentials returns the credentials held, oldest first.
func (a *Authenticator) Credentials() []*Credential {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.creds)
}

// Add puts c (for example a Clone) into the authenticator.
func (a *Authenticator) Add(c *Credential) {
	a.mu.Lock()
	a.creds = append(a.creds, c)
	a.mu.Unlock()
}

// Remove deletes the credential with id, as a user removing a passkey.
func (a *Authenticator) Remove(id []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.creds = slices.DeleteFunc(a.creds, func(c *Credential) bool { return bytes.Equal(c.ID, id) })
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// clientData is CollectedClientData as a browser serialises it.
func clientData(typ, challenge, origin string) []byte {
	b, _ := json.Marshal(struct {
		Type        string `json:"type"`
		Challenge   string `json:"challenge"`
		Origin      string `json:"origin"`
		CrossOrigin bool   `json:"crossOrigin"`
	}{typ, challenge, origin, false})
	return b
}

func (a *Authenticator) flags(uv string) byte {
	f := byte(flagUP)
	if uv != "discouraged" {
		f |= flagUV // a platform authenticator verifies whenever it may
	}
	if a.BackupEligible {
		f |= flagBE
	}
	if a.BackedUp {
		f |= flagBS
	}
	return f
}

// authData builds authenticator data: rpIdHash, flags, counter and, for a
// registration, the attested credential data.
func authData(rpID string, flags byte, counter uint32, attested []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, counter)
	return append(out, attested...)
}

func randomID(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func (a *Authenticator) holds(rpID string, ids []descriptor) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.creds {
		for _, d := range ids {
			if c.RPID == rpID && b64(c.ID) == d.ID {
				return true
			}
		}
	}
	return false
}

func (a *Authenticator) nextCounter(c *Credential) uint32 {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.NoCounter {
		c.Counter++
	}
	return c.Counter
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("passkeystest: "+format, args...)
}
