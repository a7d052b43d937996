package tokens

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"passwordless/problems"
)

func TestService_VerifyRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := newTestService(t, NewMemoryStore(), c)
	in := Verified{
		UserID: "u1", Timestamp: c.Now().Add(-time.Second), RPID: ptr("example.com"),
		Origin: ptr("https://example.com"), Device: ptr("Chrome, Mac OS X 10"), Country: ptr("SE"),
		Nickname: ptr("My Mac"), CredentialID: []byte{1, 2, 3, 250}, Purpose: ptr("step-up"),
		ExpiresAt: c.Now().Add(5*time.Minute + 1234567*time.Nanosecond), TokenID: "tid-1", Type: TypePasskeySignin,
	}
	tok, err := s.IssueVerify(ctx, "app1", in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, VerifyPrefix) {
		t.Fatalf("token %q lacks prefix %q", tok, VerifyPrefix)
	}
	got, err := s.ParseVerify(ctx, "app1", tok)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.Success = true
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("ParseVerify = %+v, want %+v", *got, want)
	}
}

func TestService_IssueVerifyFillsDefaults(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := newTestService(t, NewMemoryStore(), c)
	tok, err := s.IssueVerify(ctx, "app1", Verified{UserID: "u1", Type: TypeGeneratedSignin})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ParseVerify(ctx, "app1", tok)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Timestamp.Equal(c.Now()) || !got.ExpiresAt.Equal(c.Now().Add(DefaultVerifyTTL)) {
		t.Errorf("timestamp %v expiresAt %v, want now %v and now+120s", got.Timestamp, got.ExpiresAt, c.Now())
	}
	if got.TokenID == "" || !got.Success || got.RPID != nil || got.CredentialID != nil {
		t.Errorf("defaults not applied or unset members not null: %+v", got)
	}
}

func TestService_RegisterRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := newTestService(t, NewMemoryStore(), c)
	in := Register{
		UserID: "u1", Username: "u@example.com", DisplayName: "U", Attestation: "none",
		AuthenticatorType: "platform", Discoverable: true, UserVerification: "required",
		Aliases: []string{"a", "b"}, AliasHashing: true, Hints: []string{"client-device"},
		ExpiresAt: c.Now().Add(time.Minute), TokenID: "t1", Type: "custom",
	}
	tok, err := s.IssueRegister(ctx, "app1", in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ParseRegister(ctx, "app1", tok)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, in) {
		t.Errorf("ParseRegister = %+v, want %+v", *got, in)
	}
}

func TestService_MissingToken(t *testing.T) {
	s := newTestService(t, NewMemoryStore(), newClock())
	_, err := s.ParseVerify(context.Background(), "app1", "")
	p := wantCode(t, err, problems.MissingToken)
	if !strings.Contains(p.Title, "'verify_'") {
		t.Errorf("title %q does not name the prefix", p.Title)
	}
	_, err = s.ParseRegister(context.Background(), "app1", "")
	wantCode(t, err, problems.MissingRegisterToken)
}

// TestService_Binding shows that a token passes only as its own kind for
// its own tenant, whatever its prefix says.
func TestService_Binding(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	store := NewMemoryStore()
	s := newTestService(t, store, c)
	verify, _ := s.IssueVerify(ctx, "app1", Verified{UserID: "u1"})
	register, _ := s.IssueRegister(ctx, "app1", Register{UserID: "u1"})
	relabelled := VerifyPrefix + strings.TrimPrefix(register, RegisterPrefix)

	tests := []struct {
		name   string
		parse  func(tenant, tok string) error
		tenant string
		token  string
		want   problems.Code
	}{
		{"verify token at register", parseRegister(s), "app1", verify, problems.InvalidToken},
		{"register token at verify", parseVerify(s), "app1", register, problems.InvalidToken},
		{"register token relabelled verify_", parseVerify(s), "app1", relabelled, problems.InvalidToken},
		{"verify token of another tenant", parseVerify(s), "app2", verify, problems.InvalidToken},
		{"register token of another tenant", parseRegister(s), "app2", register, problems.InvalidToken},
		{"prefix in other case passes", parseVerify(s), "app1", "VERIFY_" + strings.TrimPrefix(verify, VerifyPrefix), ""},
		{"own token passes", parseVerify(s), "app1", verify, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.tenant, tt.token)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("parse = %v, want success", err)
				}
				return
			}
			wantCode(t, err, tt.want)
		})
	}
}

func TestService_WrongPrefixTitle(t *testing.T) {
	s := newTestService(t, NewMemoryStore(), newClock())
	_, err := s.ParseVerify(context.Background(), "app1", "Error: something failed")
	p := wantCode(t, err, problems.InvalidToken)
	want := "The token you sent was not correct. The token used for this endpoint should start with 'verify_'. " +
		"Make sure you are not sending the wrong value. The value you sent started with 'Error: som'"
	if p.Title != want {
		t.Errorf("title = %q, want %q", p.Title, want)
	}
}

func parseVerify(s *Service) func(string, string) error {
	return func(tenant, tok string) error {
		_, err := s.ParseVerify(context.Background(), tenant, tok)
		return err
	}
}

func parseRegister(s *Service) func(string, string) error {
	return func(tenant, tok string) error {
		_, err := s.ParseRegister(context.Background(), tenant, tok)
		return err
	}
}

// TestService_Tampering shows that no altered token passes and none causes
// anything but a token problem (upstream answers 500 to a bad MAC).
func TestService_Tampering(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := newTestService(t, NewMemoryStore(), c)
	tok, _ := s.IssueVerify(ctx, "app1", Verified{UserID: "u1"})
	parts := strings.Split(strings.TrimPrefix(tok, VerifyPrefix), ".")

	other, _ := New(NewMemoryStore(), []byte("another deployment's secret"), c.Now)
	foreign, _ := other.IssueVerify(ctx, "app1", Verified{UserID: "u1"})

	tests := []struct {
		name  string
		token string
		want  problems.Code
	}{
		{"signature altered", VerifyPrefix + parts[0] + "." + parts[1] + "." + flip(parts[2]), problems.InvalidToken},
		{"claims rewritten", VerifyPrefix + parts[0] + "." + rewriteUser(t, parts[1], "admin") + "." + parts[2], problems.InvalidToken},
		{"alg none", VerifyPrefix + noneHeader() + "." + parts[1] + ".", problems.InvalidToken},
		{"kid of no key", VerifyPrefix + rewriteKid(t, parts[0], "12345") + "." + parts[1] + "." + parts[2], problems.InvalidToken},
		{"kid not a number", VerifyPrefix + rewriteKid(t, parts[0], "x") + "." + parts[1] + "." + parts[2], problems.InvalidToken},
		{"signed by another deployment", foreign, problems.InvalidToken},
		{"not base64", VerifyPrefix + "!!!.???.***", problems.InvalidTokenFormat},
		{"two segments", VerifyPrefix + parts[0] + "." + parts[1], problems.InvalidTokenFormat},
		{"prefix only", VerifyPrefix, problems.InvalidTokenFormat},
		{"header not json", VerifyPrefix + b64("{nope") + "." + parts[1] + "." + parts[2], problems.InvalidTokenFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ParseVerify(ctx, "app1", tt.token)
			wantCode(t, err, tt.want)
		})
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func flip(seg string) string {
	b := []byte(seg)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

func noneHeader() string { return b64(`{"alg":"none","typ":"JWT","kid":"1"}`) }

func rewriteUser(t *testing.T, seg, user string) string {
	var m map[string]any
	raw, _ := base64.RawURLEncoding.DecodeString(seg)
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	pld, _ := json.Marshal(map[string]any{"userId": user})
	m["pld"] = json.RawMessage(pld)
	out, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(out)
}

func rewriteKid(t *testing.T, seg, kid string) string {
	var m map[string]any
	raw, _ := base64.RawURLEncoding.DecodeString(seg)
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["kid"] = kid
	out, _ := json.Marshal(m)
	return base64.RawURLEncoding.EncodeToString(out)
}

func TestService_Expiry(t *testing.T) {
	tests := []struct {
		name      string
		after     time.Duration // time past expiry when parsed
		wantTitle string        // empty: passes
	}{
		{"at expiry still passes", 0, ""},
		{"before expiry passes", -time.Second, ""},
		{"a nanosecond late", time.Nanosecond, "The token expired 1 second ago."},
		{"ten seconds late", 10 * time.Second, "The token expired 10 seconds ago."},
		{"thirty seconds late", 30 * time.Second, "The token expired 30 seconds ago."},
		{"two minutes late", 2*time.Minute + 59*time.Second, "The token expired 2 minutes ago."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newClock()
			s := newTestService(t, NewMemoryStore(), c)
			tok, err := s.IssueVerify(ctx, "app1", Verified{UserID: "u1", ExpiresAt: c.Now().Add(time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			c.Advance(time.Minute + tt.after)
			_, err = s.ParseVerify(ctx, "app1", tok)
			if tt.wantTitle == "" {
				if err != nil {
					t.Fatalf("ParseVerify = %v, want success", err)
				}
				return
			}
			p := wantCode(t, err, problems.ExpiredToken)
			if p.Title != tt.wantTitle || p.StatusCode() != 403 {
				t.Errorf("problem = %d %q, want 403 %q", p.StatusCode(), p.Title, tt.wantTitle)
			}
		})
	}
}

func TestService_RegisterKeepsPastExpiry(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := newTestService(t, NewMemoryStore(), c)
	tok, err := s.IssueRegister(ctx, "app1", Register{UserID: "u1", ExpiresAt: c.Now().Add(-3 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ParseRegister(ctx, "app1", tok)
	if p := wantCode(t, err, problems.ExpiredToken); p.Title != "The token expired 3 days ago." {
		t.Errorf("title = %q", p.Title)
	}
}

func TestHumanize(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Millisecond, "1 second"},
		{time.Second, "1 second"},
		{59 * time.Second, "59 seconds"},
		{90 * time.Second, "1 minute"},
		{59 * time.Minute, "59 minutes"},
		{time.Hour, "1 hour"},
		{23 * time.Hour, "23 hours"},
		{day, "1 day"},
		{6 * day, "6 days"},
		{7 * day, "1 week"},
		{13 * day, "1 week"},
		{14 * day, "2 weeks"},
		{400 * day, "57 weeks"},
	}
	for _, tt := range tests {
		if got := Humanize(tt.d); got != tt.want {
			t.Errorf("Humanize(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestNew_RefusesEmptySecret(t *testing.T) {
	if _, err := New(NewMemoryStore(), nil, nil); err == nil {
		t.Fatal("New with an empty secret succeeded")
	}
}

// failingStore fails every call, standing in for a database that is down.
type failingStore struct{}

var errDown = errors.New("database down")

func (failingStore) Keys(context.Context, string) ([]Key, error)     { return nil, errDown }
func (failingStore) Key(context.Context, string, int64) (Key, error) { return Key{}, errDown }
func (failingStore) Add(context.Context, Key) error                  { return errDown }
func (failingStore) Delete(context.Context, string, []int64) error   { return errDown }

func TestService_StoreFailureIsNotATokenProblem(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	good := newTestService(t, NewMemoryStore(), c)
	tok, _ := good.IssueVerify(ctx, "app1", Verified{UserID: "u1"})
	s := newTestService(t, failingStore{}, c)
	if _, err := s.ParseVerify(ctx, "app1", tok); !errors.Is(err, errDown) {
		t.Errorf("ParseVerify with the store down = %v, want the store error", err)
	}
	if _, err := s.IssueVerify(ctx, "app1", Verified{UserID: "u1"}); !errors.Is(err, errDown) {
		t.Errorf("IssueVerify with the store down = %v, want the store error", err)
	}
}

func kidOf(t *testing.T, tok string) string {
	t.Helper()
	parsed, _, err := jwt.NewParser().ParseUnverified(tok[strings.Index(tok, "_")+1:], jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := parsed.Header["kid"].(string)
	return kid
}
