package passkeys

import (
	"passwordless/problems"
	"passwordless/tenants"
)

// originAllowed checks a ceremony's origin: it is required, and when the
// application pins its origins (allowedOrigins) it must be one of them,
// with rpID its host or a parent domain (issue 16 repro 12: a stolen
// public key let any site run ceremonies for the app).
func originAllowed(app *tenants.App, origin, rpID string) error {
	if err := originRequired(origin); err != nil {
		return err
	}
	if !app.Features.OriginAllowed(origin, rpID) {
		return problems.New(problems.OriginNotAllowed).WithDetail(
			"The origin '%s' (relying party '%s') is not among the application's allowed origins.", origin, rpID)
	}
	return nil
}
