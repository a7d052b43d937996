package passkeys

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"unicode/utf8"

	"passwordless/events"
	"passwordless/problems"
)

// Alias limits (spec §5): a user has at most 10 aliases of at most 250
// characters each.
const (
	MaxAliases      = 10
	MaxAliasLength  = 250
	aliasesTooMany  = "The field Aliases must be a string or array type with a maximum length of '10'."
	aliasesTooLong  = "The field Aliases must be a collection that contains strings with a maximum length of '250'."
	aliasesNotEmpty = "The field Aliases must be a collection where every item is required."
)

// HashAlias is upstream's alias key: standard base64 of SHA-256 over the
// UTF-8 of appId + alias, no separator. Storage, the conflict check and
// sign-in by alias all use it, over the NormalizeAlias form (which is the
// alias itself for the ASCII aliases upstream stores).
func HashAlias(tenant, alias string) string {
	h := sha256.Sum256([]byte(tenant + alias))
	return base64.StdEncoding.EncodeToString(h[:])
}

// checkAliases validates a set of aliases and returns them normalized
// (NormalizeAlias), without duplicates. An alias that could pass for
// another one (an invisible character, mixed scripts) is refused.
func checkAliases(aliases []string) ([]string, error) {
	if len(aliases) > MaxAliases {
		return nil, problems.Validation("aliases", aliasesTooMany)
	}
	seen := map[string]bool{}
	var out []string
	for _, a := range aliases {
		a = NormalizeAlias(a)
		switch {
		case a == "":
			return nil, problems.Validation("aliases", aliasesNotEmpty)
		case utf8.RuneCountInString(a) > MaxAliasLength:
			return nil, problems.Validation("aliases", aliasesTooLong)
		case seen[a]:
			continue
		}
		if msg := aliasTextProblem(a); msg != "" {
			return nil, problems.Validation("aliases", msg)
		}
		seen[a] = true
		out = append(out, a)
	}
	return out, nil
}

// aliasRecords hashes aliases for storage; plaintext is kept only when
// hashing is off.
func aliasRecords(tenant, userID string, aliases []string, hashing bool) []Alias {
	out := make([]Alias, len(aliases))
	for i, a := range aliases {
		out[i] = Alias{UserID: userID, Hash: HashAlias(tenant, a)}
		if !hashing {
			out[i].Plaintext = ptr(a)
		}
	}
	return out
}

func aliasConflict() error { return problems.New(problems.AliasConflict) }

// SetAliases replaces the user's aliases (POST /alias). An alias held by
// another user fails the whole call with alias_conflict and changes
// nothing; uniqueness is the database's, so concurrent claims are safe.
func (s *Service) SetAliases(ctx context.Context, tenant, userID string, aliases []string, hashing bool) error {
	if userID == "" {
		return problems.Validation("userId", "The UserId field is required.")
	}
	if aliases == nil {
		return problems.Validation("aliases", "The Aliases field is required.")
	}
	aliases, err := checkAliases(aliases)
	if err != nil {
		return err
	}
	e := events.About(tenant, userID, events.APIUserSetAliases, "Set aliases for user "+userID)
	err = s.events.Apply(ctx, e, func(ctx context.Context) error {
		return s.store.setAliases(ctx, tenant, userID, aliasRecords(tenant, userID, aliases, hashing), s.now())
	})
	if errors.Is(err, errAliasTaken) {
		return aliasConflict()
	}
	return err
}

// Aliases lists the user's aliases (GET /alias/list).
func (s *Service) Aliases(ctx context.Context, tenant, userID string) ([]Alias, error) {
	if userID == "" {
		return nil, problems.Validation("userId", "UserId is empty")
	}
	return s.store.aliasesOfUser(ctx, tenant, userID)
}

// checkAliasOwners fails with alias_conflict when any alias belongs to a
// user other than userID (the /register/token pre-check).
func (s *Service) checkAliasOwners(ctx context.Context, tenant, userID string, aliases []string) error {
	hashes := make([]string, len(aliases))
	for i, a := range aliases {
		hashes[i] = HashAlias(tenant, a)
	}
	owners, err := s.store.aliasOwners(ctx, tenant, hashes)
	if err != nil {
		return err
	}
	for _, owner := range owners {
		if owner != userID {
			return aliasConflict()
		}
	}
	return nil
}
