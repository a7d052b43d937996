package tokens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"passwordless/problems"
)

// FuzzParse feeds arbitrary strings to the verify-token parser. Invariants:
// it never panics, every refusal is a token problem (never a 500), and the
// only thing it accepts is what this service signed.
func FuzzParse(f *testing.F) {
	c := newClock()
	s, err := New(NewMemoryStore(), []byte("fuzz-secret"), c.Now)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	good, err := s.IssueVerify(ctx, "app1", Verified{UserID: "fuzz-user", ExpiresAt: c.Now().Add(time.Hour)})
	if err != nil {
		f.Fatal(err)
	}
	reg, _ := s.IssueRegister(ctx, "app1", Register{UserID: "fuzz-user"})
	parts := strings.Split(strings.TrimPrefix(good, VerifyPrefix), ".")
	for _, seed := range []string{
		good, reg, "", "verify_", "verify_a.b.c", "verify_" + parts[0] + "..",
		"verify_" + noneHeader() + "." + parts[1] + ".",
		good[:len(good)-3], good + "AA", strings.ToUpper(good), "Error: 401",
	} {
		f.Add(seed)
	}
	allowed := map[problems.Code]bool{
		problems.MissingToken: true, problems.InvalidToken: true,
		problems.InvalidTokenFormat: true, problems.ExpiredToken: true,
	}
	f.Fuzz(func(t *testing.T, tok string) {
		v, err := s.ParseVerify(ctx, "app1", tok)
		if err != nil {
			var p *problems.Error
			if !errors.As(err, &p) || !allowed[p.Code] {
				t.Fatalf("ParseVerify(%q) = %v, want a token problem", tok, err)
			}
			return
		}
		if v.UserID != "fuzz-user" {
			t.Fatalf("ParseVerify(%q) accepted a token this service did not sign: %+v", tok, v)
		}
	})
}
