package api

import (
	"net/http"
	"strings"

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
	// AllowedOrigins replaces the origin list when present (issue 16).
	AllowedOrigins *[]string `json:"allowedOrigins"`
	// PasskeyRollout and PasskeyKillSwitch are the rules of
	// POST /passkeys/decision (issue 21).
	PasskeyRollout    *tenants.Rollout `json:"passkeyRollout"`
	PasskeyKillSwitch *bool            `json:"passkeyKillSwitch"`
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
		AllowedOrigins: req.AllowedOrigins, PasskeyRollout: req.PasskeyRollout, PasskeyKillSwitch: req.PasskeyKillSwitch,
	}))
}

// relatedOrigins handles GET /apps/related-origins: the
// `/.well-known/webauthn` document (WebAuthn related origin requests) that
// the relying party's domain should serve so that passkeys work across the
// application's allowed web origins.
func (s *server) relatedOrigins(c *gin.Context) error {
	origins := []string{}
	for _, o := range appOf(c).Features.AllowedOrigins {
		if !strings.HasPrefix(o, "android:") {
			origins = append(origins, o)
		}
	}
	c.JSON(http.StatusOK, gin.H{"origins": origins})
	return nil
}
