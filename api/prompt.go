package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/diagnostics"
)

type promptRequest struct {
	UserID       string `json:"userId"`
	SignedInWith string `json:"signedInWith"`
	// Session is the session of a passkey ceremony that failed on the
	// client the user just signed in on; UserAgent and DeviceID name that
	// client's device. All optional.
	Session   string `json:"session"`
	UserAgent string `json:"userAgent"`
	DeviceID  string `json:"deviceId"`
}

type promptResponse struct {
	Offer  bool   `json:"offer"`
	Reason string `json:"reason"`
}

// passkeyPrompt handles POST /users/passkey-prompt: called by a backend
// after each successful sign-in, it says whether to offer a new passkey.
func (s *server) passkeyPrompt(c *gin.Context) error {
	var req promptRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := s.diagnostics()
	if err != nil {
		return err
	}
	out, err := d.Prompt(c.Request.Context(), appOf(c), diagnostics.PromptInput{UserID: req.UserID,
		Method: diagnostics.SignInMethod(req.SignedInWith), Session: req.Session, UserAgent: req.UserAgent, DeviceID: req.DeviceID})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, promptResponse{Offer: out.Offer, Reason: string(out.Reason)})
	return nil
}

type skipRequest struct {
	UserID string `json:"userId"`
}

// passkeyPromptSkip handles POST /users/passkey-prompt/skip: the user chose
// "I'll do it later".
func (s *server) passkeyPromptSkip(c *gin.Context) error {
	var req skipRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := s.diagnostics()
	if err != nil {
		return err
	}
	if err := d.Skip(c.Request.Context(), appOf(c).ID, req.UserID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
