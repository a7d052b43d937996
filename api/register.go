package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

// registerTokenRequest is the service's request as the wire has it; only
// expiresAt is read here, in the forms .NET clients send.
type registerTokenRequest struct {
	passkeys.RegisterRequest
	ExpiresAt *flexTime `json:"expiresAt"`
}

type tokenResponse struct {
	Token string `json:"token"`
}

// registerToken handles POST /register/token.
func (s *server) registerToken(c *gin.Context) error {
	var req registerTokenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	app := appOf(c)
	req.RegisterRequest.ExpiresAt = req.ExpiresAt.time()
	tok, err := s.deps.Passkeys.RegisterToken(c.Request.Context(), app, req.RegisterRequest)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, tokenResponse{Token: tok})
	return nil
}

type registerBeginRequest struct {
	Token  string `json:"token"`
	RPID   string `json:"RPID"`
	Origin string `json:"Origin"`
}

type begunResponse[T any] struct {
	Data    T      `json:"data"`
	Session string `json:"session"`
	// ReportNonce goes with a failure report of the ceremony (added member:
	// the stock client ignores it).
	ReportNonce string `json:"reportNonce"`
}

// registerBegin handles POST /register/begin.
func (s *server) registerBegin(c *gin.Context) error {
	var req registerBeginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	begun, err := s.deps.Passkeys.BeginRegistration(c.Request.Context(), appOf(c),
		passkeys.BeginRegistrationRequest{Token: req.Token, RPID: req.RPID, Origin: req.Origin, UserAgent: c.Request.UserAgent()})
	if err != nil {
		return err
	}
	s.countBegun(c, passkeys.KindRegister, nil)
	c.JSON(http.StatusOK, begunResponse[passkeys.CreationOptions]{Data: begun.Data, Session: begun.Session, ReportNonce: begun.ReportNonce})
	return nil
}

type registerCompleteRequest struct {
	Session  string          `json:"session"`
	Response json.RawMessage `json:"response"`
	Nickname *string         `json:"nickname"`
	RPID     string          `json:"RPID"`
	Origin   string          `json:"Origin"`
}

// registerComplete handles POST /register/complete. The device comes from
// the User-Agent and the country from Cloudflare's CF-IPCountry header.
func (s *server) registerComplete(c *gin.Context) error {
	var req registerCompleteRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	done, err := s.deps.Passkeys.CompleteRegistration(c.Request.Context(), appOf(c), passkeys.CompleteRegistrationRequest{
		Session: req.Session, Response: req.Response, Nickname: req.Nickname, RPID: req.RPID, Origin: req.Origin,
		UserAgent: c.Request.UserAgent(), Country: c.GetHeader("CF-IPCountry"),
	})
	if err != nil {
		return err
	}
	s.countCompleted(c, done, req.Response)
	c.JSON(http.StatusOK, tokenResponse{Token: done.Token})
	return nil
}

// flexTime reads a date as .NET does: RFC 3339, or without a zone (taken
// as UTC), which backends written against upstream send.
type flexTime struct{ t time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("expiresAt is not a date")
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			f.t = t.UTC()
			return nil
		}
	}
	return errors.New("expiresAt is not a date")
}

func (f *flexTime) time() *time.Time {
	if f == nil {
		return nil
	}
	return &f.t
}
