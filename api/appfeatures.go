package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

type appFeaturesRequest struct {
	PerformedBy                                 *string `json:"performedBy"`
	EventLoggingRetentionPeriod                 *int    `json:"eventLoggingRetentionPeriod"`
	EnableManuallyGeneratedAuthenticationTokens *bool   `json:"enableManuallyGeneratedAuthenticationTokens"`
	EnableMagicLinks                            *bool   `json:"enableMagicLinks"`
}

// setAppFeatures handles POST /apps/features: a partial update of the
// calling application's own settings (absent or null members keep their
// value). Each toggle given is logged, changed or not, as upstream does.
func (s *server) setAppFeatures(c *gin.Context) error {
	var req appFeaturesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if r := req.EventLoggingRetentionPeriod; r != nil && (*r < 0 || *r > 90) {
		return problems.Validation("eventLoggingRetentionPeriod", "The field EventLoggingRetentionPeriod must be between 0 and 90.")
	}
	app := appOf(c)
	_, _, err := s.deps.Tenants.UpdateFeatures(c.Request.Context(), app.ID, func(f *tenants.Features) {
		if req.EventLoggingRetentionPeriod != nil {
			f.EventLoggingRetentionDays = *req.EventLoggingRetentionPeriod
		}
		if req.EnableManuallyGeneratedAuthenticationTokens != nil {
			f.GenerateSignInTokenEnabled = *req.EnableManuallyGeneratedAuthenticationTokens
		}
		if req.EnableMagicLinks != nil {
			f.MagicLinksEnabled = *req.EnableMagicLinks
		}
	})
	if err != nil {
		return err
	}
	performedBy := "Api" // upstream's default when the member is absent
	if req.PerformedBy != nil {
		performedBy = *req.PerformedBy // blank becomes "Unknown User" in the log
	}
	s.recordToggle(c, req.EnableManuallyGeneratedAuthenticationTokens, performedBy,
		events.AdminGenerateSignInTokenEndpointEnabled, events.AdminGenerateSignInTokenEndpointDisabled,
		"The generate sign-in token endpoint was enabled.", "The generate sign-in token endpoint was disabled.")
	s.recordToggle(c, req.EnableMagicLinks, performedBy, events.AdminMagicLinksEnabled, events.AdminMagicLinksDisabled,
		"Magic links were enabled.", "Magic links were disabled.")
	c.Status(http.StatusNoContent)
	return nil
}

// recordToggle logs the enabled or disabled event of a toggle that was set.
func (s *server) recordToggle(c *gin.Context, v *bool, by string, on, off events.Type, onMsg, offMsg string) {
	if v == nil {
		return
	}
	typ, msg := off, offMsg
	if *v {
		typ, msg = on, onMsg
	}
	app := appOf(c)
	s.events.Record(c.Request.Context(), events.Event{Tenant: app.ID, Type: typ,
		Severity: events.Informational, Message: msg, PerformedBy: by, Subject: app.ID, APIKeyID: keyID(c), PerformedAt: s.now()})
}
