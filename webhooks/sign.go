package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Headers of a Standard Webhooks message.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// Sign returns the Standard Webhooks signature of a message with secret:
// "v1," and the base64 HMAC-SHA256, keyed with the secret's bytes, of
// "<id>.<unix timestamp>.<body>".
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(at.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// signatureHeader is the webhook-signature value: one signature per secret
// in use, space-separated (the new and, during a rotation, the old).
func signatureHeader(secrets []string, id string, at time.Time, body []byte) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		sig, err := Sign(s, id, at, body)
		if err != nil {
			return "", err
		}
		sigs = append(sigs, sig)
	}
	return strings.Join(sigs, " "), nil
}

// Verify reports whether header (a webhook-signature value) holds a valid
// signature of the message with secret. It is the receiver's side of Sign,
// used by the tests as a receiver would.
func Verify(secret, header, id string, at time.Time, body []byte) bool {
	want, err := Sign(secret, id, at, body)
	if err != nil {
		return false
	}
	for _, sig := range strings.Fields(header) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

func formatUnix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
