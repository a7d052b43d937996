package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/magiclink"
	"passwordless/quota"
)

type magicLinkRequest struct {
	EmailAddress string `json:"emailAddress"`
	URLTemplate  string `json:"urlTemplate"`
	UserID       string `json:"userId"`
	TimeToLive   *int64 `json:"timeToLive"`
}

// sendMagicLink handles POST /magic-links/send.
func (s *server) sendMagicLink(c *gin.Context) error {
	var req magicLinkRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	app := appOf(c)
	err := s.deps.MagicLinks.Send(c.Request.Context(), magiclink.App{
		Enabled: app.Features.MagicLinksEnabled, HostAllowed: app.Features.HostAllowed,
		Sender: quota.Sender{Tenant: app.ID, CreatedAt: app.CreatedAt, AdminEmails: app.AdminEmails,
			MonthlyQuota: app.Features.MagicLinkEmailMonthlyQuota},
	}, magiclink.Request{EmailAddress: req.EmailAddress, URLTemplate: req.URLTemplate, UserID: req.UserID, TimeToLive: req.TimeToLive})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
