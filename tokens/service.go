package tokens

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token prefixes, as the clients know them.
const (
	RegisterPrefix = "register_"
	VerifyPrefix   = "verify_"
)

// kind is the signed token kind; it makes a relabelled token fail.
type kind string

const (
	kindRegister kind = "register"
	kindVerify   kind = "verify"
)

// Service issues and parses tokens with per-tenant rotating keys.
type Service struct {
	keys   *keyCache
	now    func() time.Time
	parser *jwt.Parser
}

// New returns a Service over store. secret is TOKEN_SECRET, mixed into
// every key; now is the clock (nil means time.Now).
func New(store KeyStore, secret []byte, now func() time.Time) (*Service, error) {
	if len(secret) == 0 {
		return nil, errors.New("tokens: empty token secret")
	}
	if now == nil {
		now = time.Now
	}
	return &Service{
		keys: newKeyCache(store, append([]byte(nil), secret...), now),
		now:  now,
		// Only HS256 ever verifies; expiry is checked by us with the
		// injected clock and upstream's "equal still passes" rule.
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation()),
	}, nil
}

// claims is the signed body of every token.
type claims struct {
	jwt.RegisteredClaims
	Kind    kind            `json:"knd"`
	Tenant  string          `json:"tnt"`
	Expires time.Time       `json:"xat"` // exp with full precision
	Payload json.RawMessage `json:"pld"`
}

// sign issues prefix + JWT for tenant with the tenant's current key.
func (s *Service) sign(ctx context.Context, tenant string, k kind, prefix, id string, exp time.Time, payload any) (string, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("encode token payload: %w", err)
	}
	key, err := s.keys.signing(ctx, tenant)
	if err != nil {
		return "", err
	}
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID:        id,
			IssuedAt:  jwt.NewNumericDate(s.now()),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		Kind: k, Tenant: tenant, Expires: exp.UTC(), Payload: body,
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = strconv.FormatInt(key.id, 10)
	raw, err := t.SignedString(key.hmac)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return prefix + raw, nil
}

// parse checks token as one of kind k for tenant and decodes its payload
// into out. Every failure is a token problem except a store failure.
func (s *Service) parse(ctx context.Context, tenant string, k kind, prefix, token string, out any) (*claims, error) {
	if len(token) < len(prefix) || !strings.EqualFold(token[:len(prefix)], prefix) {
		return nil, wrongPrefix(prefix, token)
	}
	var c claims
	var storeErr error
	_, err := s.parser.ParseWithClaims(token[len(prefix):], &c, func(t *jwt.Token) (any, error) {
		// The claims are decoded but not yet authenticated: refusing a
		// foreign tenant or kind here only saves a key lookup.
		if c.Tenant != tenant || c.Kind != k {
			return nil, errors.New("token of another tenant or kind")
		}
		kid, _ := t.Header["kid"].(string)
		id, err := strconv.ParseInt(kid, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad kid %q", kid)
		}
		key, ok, err := s.keys.verifying(ctx, tenant, id)
		if err != nil {
			storeErr = err
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("no live key %d", id)
		}
		return key.hmac, nil
	})
	switch {
	case storeErr != nil:
		return nil, storeErr
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, badFormat(err)
	case err != nil:
		return nil, notValid(err)
	}
	if now := s.now(); now.After(c.Expires) {
		return nil, expired(now.Sub(c.Expires))
	}
	if err := json.Unmarshal(c.Payload, out); err != nil {
		return nil, badFormat(err)
	}
	return &c, nil
}
