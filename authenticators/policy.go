package authenticators

import (
	"context"

	"github.com/google/uuid"

	"passwordless/problems"
)

// Upstream's titles of the registration refusals.
const (
	titleBlocked    = "The authenticator is on the blocklist and is not allowed to be used for registration."
	titleNotAllowed = "An allowlist was configured. The authenticator is not found on the allowlist and is not allowed to be used for registration."
)

// Check implements the passkeys AuthenticatorPolicy, in upstream's order:
// a blocked AAGUID is refused; with an allow list, an AAGUID not on it is
// refused, as attestation_required when the ceremony asked for no
// attestation (the AAGUID of a "none" attestation is zero or unproven, so
// the cure is to ask for attestation) and authenticator_not_allowed
// otherwise. The caller consults it only for plans with attestation.
func (s *Service) Check(ctx context.Context, tenant string, aaguid []byte, attestationNone bool) error {
	rows, err := s.store.all(ctx, tenant)
	if err != nil {
		return err
	}
	id := uuid.Nil
	if len(aaguid) == 16 {
		id = uuid.UUID(aaguid)
	}
	want := id.String()
	hasAllowList, onAllowList := false, false
	for _, r := range rows {
		if r.IsAllowed {
			hasAllowList = true
			onAllowList = onAllowList || r.AAGUID == want
		} else if r.AAGUID == want {
			return problems.Titled(problems.AuthenticatorNotAllowed, titleBlocked)
		}
	}
	if hasAllowList && !onAllowList {
		if attestationNone {
			return problems.New(problems.AttestationRequired)
		}
		return problems.Titled(problems.AuthenticatorNotAllowed, titleNotAllowed)
	}
	return nil
}
