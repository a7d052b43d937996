package webhooks

import (
	"strings"
	"testing"
	"time"
)

// TestSign_StandardWebhooksVector: the example message of the Standard
// Webhooks libraries' tests signs to their published signature.
func TestSign_StandardWebhooksVector(t *testing.T) {
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil || got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("Sign = %q, %v", got, err)
	}
}

// TestVerify: a header verifies with each secret that signed it, and with
// no other, nor for another body, id or time.
func TestVerify(t *testing.T) {
	a, b, c := newSecret(), newSecret(), newSecret()
	at := time.Unix(1700000000, 0)
	body := []byte(`{"type":"user.deleted"}`)
	header, err := signatureHeader([]string{a, b}, "msg_1", at, body)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		secret string
		id     string
		at     time.Time
		body   string
		want   bool
	}{
		{"new secret", a, "msg_1", at, string(body), true},
		{"old secret during a rotation", b, "msg_1", at, string(body), true},
		{"a stranger's secret", c, "msg_1", at, string(body), false},
		{"another body", a, "msg_1", at, `{"type":"user.created"}`, false},
		{"another id", a, "msg_2", at, string(body), false},
		{"another time", a, "msg_1", at.Add(time.Second), string(body), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.secret, header, tt.id, tt.at, []byte(tt.body)); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
	if !strings.HasPrefix(a, "whsec_") || len(strings.Fields(header)) != 2 {
		t.Errorf("secret %q, header %q", a, header)
	}
}

// TestSealer: a sealed secret opens only for its endpoint and under the
// same TOKEN_SECRET, and the stored text does not contain it.
func TestSealer(t *testing.T) {
	s1, _ := newSealer([]byte("secret-one-0123456789abcdef0123456"))
	s2, _ := newSealer([]byte("secret-two-0123456789abcdef0123456"))
	secret := newSecret()
	sealed := s1.seal("app", "ep_1", secret)
	if strings.Contains(sealed, strings.TrimPrefix(secret, secretPrefix)) {
		t.Fatal("the sealed text contains the secret")
	}
	if got, err := s1.open("app", "ep_1", sealed); err != nil || got != secret {
		t.Fatalf("open = %q, %v", got, err)
	}
	for name, open := range map[string]func() (string, error){
		"another endpoint":     func() (string, error) { return s1.open("app", "ep_2", sealed) },
		"another tenant":       func() (string, error) { return s1.open("other", "ep_1", sealed) },
		"another TOKEN_SECRET": func() (string, error) { return s2.open("app", "ep_1", sealed) },
	} {
		if _, err := open(); err == nil {
			t.Errorf("%s opened the secret", name)
		}
	}
}
