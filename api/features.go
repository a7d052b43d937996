package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

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
	AllowedOrigins                       []string   `json:"allowedOrigins"`
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
		MaxCredentialsPerUser: f.MaxCredentialsPerUser, AllowedOrigins: nonNilStrings(f.AllowedOrigins)})
	return nil
}

type managedFeaturesRequest struct {
	EventLoggingIsEnabled       bool   `json:"eventLoggingIsEnabled"`
	EventLoggingRetentionPeriod int    `json:"eventLoggingRetentionPeriod"`
	MagicLinkEmailMonthlyQuota  int    `json:"magicLinkEmailMonthlyQuota"`
	MaxUsers                    *int64 `json:"maxUsers"`
	AllowAttestation            bool   `json:"allowAttestation"`
	MaxCredentialsPerUser       *int64 `json:"maxCredentialsPerUser"`
	// AllowedOrigins replaces the origin list when present; absent keeps it.
	AllowedOrigins *[]string `json:"allowedOrigins"`
}

// setManagedFeatures handles POST /admin/apps/{appId}/features: a plan
// change, which overwrites every plan field (absent ones become
// false/0/null, as upstream).
func (s *server) setManagedFeatures(c *gin.Context) error {
	var req managedFeaturesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	return s.noContent(c, s.deps.Tenants.SetPlan(c.Request.Context(), c.Param("appId"), tenants.Plan{
		EventLoggingEnabled: req.EventLoggingIsEnabled, RetentionDays: req.EventLoggingRetentionPeriod,
		MagicLinkEmailMonthlyQuota: req.MagicLinkEmailMonthlyQuota, MaxUsers: req.MaxUsers,
		AllowAttestation: req.AllowAttestation, MaxCredentialsPerUser: req.MaxCredentialsPerUser,
		AllowedOrigins: req.AllowedOrigins,
	}))
}

// nonNilStrings turns a nil list into an empty one, so it marshals as [].
func nonNilStrings(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
