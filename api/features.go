package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
	"passwordless/tenants"
)

type managedFeaturesResponse struct {
	EventLoggingIsEnabled                bool       `json:"eventLoggingIsEnabled"`
	EventLoggingRetentionPeriod          int        `json:"eventLoggingRetentionPeriod"`
	DeveloperLoggingEndsAt               *time.Time `json:"developerLoggingEndsAt"`
	MaxUsers                             *int64     `json:"maxUsers"`
	AllowAttestation                     bool       `json:"allowAttestation"`
	IsGenerateSignInTokenEndpointEnabled bool       `json:"isGenerateSignInTokenEndpointEnabled"`
	IsMagicLinksEnabled                  bool       `json:"isMagicLinksEnabled"`
	MagicLinkEmailMonthlyQuota           int        `json:"magicLinkEmailMonthlyQuota"`
	MaxCredentialsPerUser                *int64     `json:"maxCredentialsPerUser"`
}

// getManagedFeatures handles GET /admin/apps/{appId}/features.
func (s *server) getManagedFeatures(c *gin.Context) error {
	f, err := s.deps.Tenants.Features(c.Request.Context(), c.Param("appId"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, managedFeaturesResponse{EventLoggingIsEnabled: f.EventLoggingEnabled,
		EventLoggingRetentionPeriod: f.EventLoggingRetentionDays, DeveloperLoggingEndsAt: f.DeveloperLoggingEndsAt,
		MaxUsers: f.MaxUsers, AllowAttestation: f.AllowAttestation, IsGenerateSignInTokenEndpointEnabled: f.GenerateSignInTokenEnabled,
		IsMagicLinksEnabled: f.MagicLinksEnabled, MagicLinkEmailMonthlyQuota: f.MagicLinkEmailMonthlyQuota,
		MaxCredentialsPerUser: f.MaxCredentialsPerUser})
	return nil
}

type managedFeaturesRequest struct {
	EventLoggingIsEnabled       bool   `json:"eventLoggingIsEnabled"`
	EventLoggingRetentionPeriod int    `json:"eventLoggingRetentionPeriod"`
	MagicLinkEmailMonthlyQuota  int    `json:"magicLinkEmailMonthlyQuota"`
	MaxUsers                    *int64 `json:"maxUsers"`
	AllowAttestation            bool   `json:"allowAttestation"`
	MaxCredentialsPerUser       *int64 `json:"maxCredentialsPerUser"`
}

// setManagedFeatures handles POST /admin/apps/{appId}/features: a plan
// change, which overwrites every plan field (absent ones become
// false/0/null, as upstream).
func (s *server) setManagedFeatures(c *gin.Context) error {
	var req managedFeaturesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.EventLoggingRetentionPeriod < 0 || req.EventLoggingRetentionPeriod > 90 {
		return problems.Validation("eventLoggingRetentionPeriod", "The field EventLoggingRetentionPeriod must be between 0 and 90.")
	}
	if req.MagicLinkEmailMonthlyQuota < 0 || (req.MaxUsers != nil && *req.MaxUsers < 0) ||
		(req.MaxCredentialsPerUser != nil && *req.MaxCredentialsPerUser < 1) {
		return problems.Validation("features", "Quotas and limits must not be negative; maxCredentialsPerUser is at least 1.")
	}
	_, _, err := s.deps.Tenants.UpdateFeatures(c.Request.Context(), c.Param("appId"), func(f *tenants.Features) {
		f.EventLoggingEnabled = req.EventLoggingIsEnabled
		f.EventLoggingRetentionDays = req.EventLoggingRetentionPeriod
		f.MagicLinkEmailMonthlyQuota = req.MagicLinkEmailMonthlyQuota
		f.MaxUsers = req.MaxUsers
		f.AllowAttestation = req.AllowAttestation
		f.MaxCredentialsPerUser = req.MaxCredentialsPerUser
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
