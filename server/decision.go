package server

import (
	"context"

	"passwordless/diagnostics"
)

// decisionPasskeys summarises a user's passkeys for the passkey decision:
// how many, how many synced (backup-eligible), how many made on platform.
func (srv *Server) decisionPasskeys(ctx context.Context, tenant, userID, platform string) (diagnostics.UserPasskeys, error) {
	creds, err := srv.Passkeys.Credentials(ctx, tenant, userID)
	if err != nil {
		return diagnostics.UserPasskeys{}, err
	}
	out := diagnostics.UserPasskeys{Total: len(creds)}
	for _, c := range creds {
		if c.BackupEligible != nil && *c.BackupEligible {
			out.Synced++
		}
		if c.Device != nil && diagnostics.PlatformOfDevice(*c.Device) == platform {
			out.HerePlatform++
		}
	}
	return out, nil
}
