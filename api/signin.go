package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

type signinBeginRequest struct {
	UserID  string  `json:"userId"`
	Alias   string  `json:"alias"`
	Purpose *string `json:"purpose"`
	RPID    string  `json:"RPID"`
	Origin  string  `json:"Origin"`
	// Mediation "conditional" marks an autofill sign-in (success rates).
	Mediation string `json:"mediation"`
}

// signinBegin handles POST /signin/begin.
func (s *server) signinBegin(c *gin.Context) error {
	var req signinBeginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	begun, err := s.deps.Passkeys.BeginSignin(c.Request.Context(), appOf(c), passkeys.BeginSigninRequest{
		UserID: req.UserID, Alias: req.Alias, Purpose: req.Purpose, RPID: req.RPID, Origin: req.Origin,
		Mediation: req.Mediation, UserAgent: c.Request.UserAgent()})
	if err != nil {
		return err
	}
	s.countBegun(c, signinKind(req.UserID, req.Alias, req.Mediation), begun.Offered)
	c.JSON(http.StatusOK, begunResponse[passkeys.RequestOptions]{Data: begun.Data, Session: begun.Session, ReportNonce: begun.ReportNonce})
	return nil
}

type signinCompleteRequest struct {
	Session  string          `json:"session"`
	Response json.RawMessage `json:"response"`
	RPID     string          `json:"RPID"`
	Origin   string          `json:"Origin"`
}

// signinComplete handles POST /signin/complete.
func (s *server) signinComplete(c *gin.Context) error {
	var req signinCompleteRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	done, err := s.deps.Passkeys.CompleteSignin(c.Request.Context(), appOf(c), passkeys.CompleteSigninRequest{
		Session: req.Session, Response: req.Response, RPID: req.RPID, Origin: req.Origin,
		UserAgent: c.Request.UserAgent(), Country: c.GetHeader("CF-IPCountry"),
	})
	if err != nil {
		return err
	}
	s.countCompleted(c, done, req.Response)
	c.JSON(http.StatusOK, tokenResponse{Token: done.Token})
	return nil
}

type signinVerifyRequest struct {
	Token string `json:"token"`
}

// signinVerify handles POST /signin/verify. The answer is the token's
// content; its credentialId is standard base64 as upstream's (documented
// in openapi.yaml), unlike every other credential id on the wire.
func (s *server) signinVerify(c *gin.Context) error {
	var req signinVerifyRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.deps.Passkeys.Verify(c.Request.Context(), appOf(c), req.Token)
	if err != nil {
		return err
	}
	s.countVerified(c, v)
	c.JSON(http.StatusOK, v)
	return nil
}

type generateTokenRequest struct {
	UserID     string  `json:"userId"`
	TimeToLive *int    `json:"timeToLive"`
	Purpose    string  `json:"purpose"`
	Origin     *string `json:"origin"`
	RPID       *string `json:"RPID"`
}

// signinGenerateToken handles POST /signin/generate-token.
func (s *server) signinGenerateToken(c *gin.Context) error {
	var req generateTokenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	tok, err := s.deps.Passkeys.GenerateToken(c.Request.Context(), appOf(c), passkeys.GenerateRequest{
		UserID: req.UserID, TimeToLive: req.TimeToLive, Purpose: req.Purpose, Origin: req.Origin, RPID: req.RPID})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, tokenResponse{Token: tok})
	return nil
}
