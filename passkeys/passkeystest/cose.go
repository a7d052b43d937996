package passkeystest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
)

// Alg is a COSE algorithm identifier the authenticator can use.
type Alg int

// Supported algorithms.
const (
	EdDSA Alg = -8
	ES256 Alg = -7
)

// keyPair is a credential's private key with its COSE public key.
type keyPair struct {
	alg    Alg
	signer crypto.Signer
}

func newKeyPair(alg Alg) (keyPair, error) {
	switch alg {
	case ES256:
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		return keyPair{alg, k}, err
	case EdDSA:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return keyPair{alg, k}, err
	}
	return keyPair{}, fmt.Errorf("passkeystest: unsupported algorithm %d", alg)
}

// cose encodes the public key as a COSE_Key (RFC 9053): EC2 P-256 for
// ES256, OKP Ed25519 for EdDSA.
func (k keyPair) cose() ([]byte, error) {
	switch pub := k.signer.Public().(type) {
	case *ecdsa.PublicKey:
		raw, err := pub.Bytes() // 0x04 || X || Y
		if err != nil {
			return nil, err
		}
		return webauthncbor.Marshal(map[int]any{1: 2, 3: int(ES256), -1: 1, -2: raw[1:33], -3: raw[33:65]})
	case ed25519.PublicKey:
		return webauthncbor.Marshal(map[int]any{1: 1, 3: int(EdDSA), -1: 6, -2: []byte(pub)})
	}
	return nil, fmt.Errorf("passkeystest: unexpected key type %T", k.signer.Public())
}

// sign signs msg as WebAuthn expects: ES256 is ECDSA over SHA-256 in ASN.1
// DER, EdDSA is Ed25519 over the message itself.
func (k keyPair) sign(msg []byte) ([]byte, error) {
	if k.alg == ES256 {
		h := sha256.Sum256(msg)
		return ecdsa.SignASN1(rand.Reader, k.signer.(*ecdsa.PrivateKey), h[:])
	}
	return ed25519.Sign(k.signer.(ed25519.PrivateKey), msg), nil
}
