package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/tenants"
)

type createAppRequest struct {
	AdminEmail                  string `json:"adminEmail"`
	EventLoggingIsEnabled       bool   `json:"eventLoggingIsEnabled"`
	EventLoggingRetentionPeriod *int   `json:"eventLoggingRetentionPeriod"`
	MagicLinkEmailMonthlyQuota  *int   `json:"magicLinkEmailMonthlyQuota"`
	MaxUsers                    *int64 `json:"maxUsers"`
	AllowAttestation            bool   `json:"allowAttestation"`
}

type createAppResponse struct {
	Message    string `json:"message"`
	APIKey1    string `json:"apiKey1"`
	APIKey2    string `json:"apiKey2"`
	APISecret1 string `json:"apiSecret1"`
	APISecret2 string `json:"apiSecret2"`
}

// appAvailable handles GET /admin/apps/{appId}/available.
func (s *server) appAvailable(c *gin.Context) error {
	ok, err := s.deps.Tenants.Available(c.Request.Context(), c.Param("appId"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"available": ok})
	return nil
}

// createApp handles POST /admin/apps/{appId}/create. An empty body is
// allowed: every member has a default.
func (s *server) createApp(c *gin.Context) error {
	var req createAppRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	created, err := s.deps.Tenants.Create(c.Request.Context(), c.Param("appId"), tenants.CreateOptions{
		AdminEmail: req.AdminEmail, EventLoggingEnabled: req.EventLoggingIsEnabled,
		EventLoggingRetentionDays: req.EventLoggingRetentionPeriod, MagicLinkEmailMonthlyQuota: req.MagicLinkEmailMonthlyQuota,
		MaxUsers: req.MaxUsers, AllowAttestation: req.AllowAttestation,
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, createAppResponse{Message: "Store keys safely. They will only be shown to you once.",
		APIKey1: created.APIKey1, APIKey2: created.APIKey2, APISecret1: created.APISecret1, APISecret2: created.APISecret2})
	return nil
}

// freezeApp handles POST /admin/apps/{appId}/freeze: every key locked.
func (s *server) freezeApp(c *gin.Context) error {
	if err := s.deps.Tenants.Freeze(c.Request.Context(), c.Param("appId")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// unfreezeApp handles POST /admin/apps/{appId}/unfreeze.
func (s *server) unfreezeApp(c *gin.Context) error {
	if err := s.deps.Tenants.Unfreeze(c.Request.Context(), c.Param("appId")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type createKeyRequest struct {
	Scopes []int `json:"scopes"`
}

// createPublicKey handles POST /admin/apps/{appId}/public-keys.
func (s *server) createPublicKey(c *gin.Context) error { return s.createKey(c, tenants.Public) }

// createSecretKey handles POST /admin/apps/{appId}/secret-keys.
func (s *server) createSecretKey(c *gin.Context) error { return s.createKey(c, tenants.Secret) }

func (s *server) createKey(c *gin.Context, kind tenants.KeyKind) error {
	var req createKeyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	value, err := s.deps.Tenants.CreateKey(c.Request.Context(), c.Param("appId"), kind, req.Scopes)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"apiKey": value})
	return nil
}

type apiKeyResponse struct {
	ID           string     `json:"id"`
	CreatedAt    time.Time  `json:"createdAt"`
	APIKey       string     `json:"apiKey"`
	Type         int        `json:"type"`
	Scopes       []string   `json:"scopes"`
	IsLocked     bool       `json:"isLocked"`
	LastLockedAt *time.Time `json:"lastLockedAt"`
}

// listAPIKeys handles GET /admin/apps/{appId}/api-keys: public keys in full,
// secrets masked.
func (s *server) listAPIKeys(c *gin.Context) error {
	keys, err := s.deps.Tenants.Keys(c.Request.Context(), c.Param("appId"))
	if err != nil {
		return err
	}
	out := make([]apiKeyResponse, 0, len(keys))
	for _, k := range keys {
		scopes := k.Scopes
		if scopes == nil {
			scopes = []string{}
		}
		out = append(out, apiKeyResponse{ID: k.ID, CreatedAt: k.CreatedAt, APIKey: k.Display(), Type: int(k.Kind),
			Scopes: scopes, IsLocked: k.IsLocked, LastLockedAt: k.LastLockedAt})
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// lockAPIKey handles POST /admin/apps/{appId}/api-keys/{apiKeyId}/lock.
func (s *server) lockAPIKey(c *gin.Context) error { return s.setKeyLocked(c, true) }

// unlockAPIKey handles POST /admin/apps/{appId}/api-keys/{apiKeyId}/unlock.
func (s *server) unlockAPIKey(c *gin.Context) error { return s.setKeyLocked(c, false) }

func (s *server) setKeyLocked(c *gin.Context, locked bool) error {
	if err := s.deps.Tenants.SetKeyLocked(c.Request.Context(), c.Param("appId"), c.Param("apiKeyId"), locked); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// deleteAPIKey handles DELETE /admin/apps/{appId}/api-keys/{apiKeyId}.
func (s *server) deleteAPIKey(c *gin.Context) error {
	if err := s.deps.Tenants.DeleteKey(c.Request.Context(), c.Param("appId"), c.Param("apiKeyId")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
