package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/diagnostics"
	"passwordless/problems"
)

type decisionRequest struct {
	Ceremony     string          `json:"ceremony"`
	Capabilities map[string]bool `json:"capabilities"`
	UserAgent    string          `json:"userAgent"`
	UserID       string          `json:"userId"`
	Session      string          `json:"session"`
	ReportNonce  string          `json:"reportNonce"`
	DeviceID     string          `json:"deviceId"`
	Platform     string          `json:"platform"`
}

type decisionJSON struct {
	Offer         string `json:"offer"`
	Reason        string `json:"reason"`
	RegisterOffer bool   `json:"registerOffer"`
}

// maxDecisionBytes caps a decision request: capabilities are a dozen
// booleans.
const maxDecisionBytes = 4 << 10

// passkeyDecision handles POST /passkeys/decision: whether the page or
// app should open a passkey prompt now, and which (issue 21 §4).
func (s *server) passkeyDecision(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxDecisionBytes)
	var req decisionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if s.deps.Segments == nil {
		return problems.New(problems.ServiceUnavailable)
	}
	in, err := decisionInput(c, req)
	if err != nil {
		return err
	}
	d, err := s.deps.Segments.Decide(c.Request.Context(), appOf(c), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, decisionJSON{Offer: d.Offer, Reason: d.Reason, RegisterOffer: d.RegisterOffer})
	return nil
}

// decisionInput validates the request; the device is the native app's
// platform, else the userAgent sent, else the request's own User-Agent.
func decisionInput(c *gin.Context, req decisionRequest) (diagnostics.DecideRequest, error) {
	in := diagnostics.DecideRequest{Ceremony: strings.ToLower(req.Ceremony), Capabilities: req.Capabilities,
		UserID: req.UserID, Session: req.Session, Nonce: req.ReportNonce, DeviceID: req.DeviceID}
	if in.Ceremony != "signin" && in.Ceremony != "register" {
		return in, problems.Validation("ceremony", "The field Ceremony must be 'register' or 'signin'.")
	}
	switch p := strings.ToLower(req.Platform); p {
	case "ios", "android", "macos":
		in.Native, in.Device = p, diagnostics.Device{Platform: p, Browser: "app"}
	case "", "web":
		in.Device = deviceOf(c)
		if req.UserAgent != "" {
			in.Device = diagnostics.DeviceOf(req.UserAgent, diagnostics.ClientHints{})
		}
	default:
		return in, problems.Validation("platform", "The field Platform must be 'web', 'ios', 'macos' or 'android'.")
	}
	return in, nil
}
