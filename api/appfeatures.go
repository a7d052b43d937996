package api

import (
	"github.com/gin-gonic/gin"

	"passwordless/tenants"
)

type appFeaturesRequest struct {
	PerformedBy                                 *string `json:"performedBy"`
	EventLoggingRetentionPeriod                 *int    `json:"eventLoggingRetentionPeriod"`
	EnableManuallyGeneratedAuthenticationTokens *bool   `json:"enableManuallyGeneratedAuthenticationTokens"`
	EnableMagicLinks                            *bool   `json:"enableMagicLinks"`
	PasskeyPromptSkipSignIns                    *int    `json:"passkeyPromptSkipSignIns"`
	PasskeyPromptSkipDays                       *int    `json:"passkeyPromptSkipDays"`
}

// setAppFeatures handles POST /apps/features: a partial update of the
// calling application's own settings (absent or null members keep their
// value); the rules and the events are the tenants service's.
func (s *server) setAppFeatures(c *gin.Context) error {
	var req appFeaturesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	return s.noContent(c, s.deps.Tenants.SetAppFeatures(c.Request.Context(), appOf(c).ID, tenants.AppFeatureChange{
		PerformedBy: req.PerformedBy, RetentionDays: req.EventLoggingRetentionPeriod,
		GenerateSignInToken: req.EnableManuallyGeneratedAuthenticationTokens, MagicLinks: req.EnableMagicLinks,
		PromptSkipSignIns: req.PasskeyPromptSkipSignIns, PromptSkipDays: req.PasskeyPromptSkipDays,
	}))
}
