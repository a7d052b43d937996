package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

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

// maxDecisionBytes caps a decision request: capabilities are a dozen
// booleans.
const maxDecisionBytes = 4 << 10

// passkeyDecision handles POST /passkeys/decision: whether the page or
// app should open a passkey prompt now, and which (issue 21 §4).
func (s *server) passkeyDecision(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxDecisionBytes)
	req, err := bindDecision(c)
	if err != nil {
		return err
	}
	if s.deps.Segments == nil {
		return problems.New(problems.ServiceUnavailable)
	}
	in, err := decisionInput(c, *req)
	if err != nil {
		return err
	}
	d, err := s.deps.Segments.Decide(c.Request.Context(), appOf(c), in)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", decisionBody(d))
	return nil
}

// rememberDeviceFailure lets a reported failure steer its device's next
// decisions (its deviceId's, its session's): from memory, so a decision
// reads no SQL for it.
func (s *server) rememberDeviceFailure(c *gin.Context, ceremony, deviceID, session string, out diagnostics.Classification) {
	if s.deps.Segments != nil {
		app := appOf(c)
		s.deps.Segments.DeviceFailed(app.ID, app.Features.PasskeyRollout.Suppression(), ceremony, deviceID, session, out)
	}
}

// bindDecision decodes a decision request. The page's usual request (an
// object of strings and a map of booleans, clean UTF-8) decodes straight
// into the struct, which is what bindJSON's tree, coercion and re-encoding
// would give; anything else (a number for a string, invalid UTF-8, a NUL,
// not an object) takes bindJSON's path, so its answer and its problem are
// exactly bindJSON's. The decision is asked before every prompt: the
// generic path was most of its cost.
func bindDecision(c *gin.Context) (*decisionRequest, error) {
	if err := requireJSON(c.Request); err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, problems.New(problems.PayloadTooLarge)
	}
	if err != nil {
		return nil, problems.New(problems.InvalidJSON).WithDetail("The request body could not be read.")
	}
	req := &decisionRequest{}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' && utf8.Valid(raw) &&
		json.Unmarshal(raw, req) == nil && req.clean() {
		return req, nil
	}
	req = &decisionRequest{}
	return req, decodeInto(raw, req)
}

// clean reports whether every string of r is clean text (checkText's rule).
func (r *decisionRequest) clean() bool {
	for _, s := range []string{r.Ceremony, r.UserAgent, r.UserID, r.Session, r.ReportNonce, r.DeviceID, r.Platform} {
		if !cleanText(s) {
			return false
		}
	}
	for k := range r.Capabilities {
		if !cleanText(k) {
			return false
		}
	}
	return true
}

// decisionBody encodes d as {"offer", "reason", "registerOffer"}; offers
// and reasons are constants that need no escaping.
func decisionBody(d diagnostics.Decision) []byte {
	b := make([]byte, 0, 96)
	b = append(b, `{"offer":"`...)
	b = append(b, d.Offer...)
	b = append(b, `","reason":"`...)
	b = append(b, d.Reason...)
	b = append(b, `","registerOffer":`...)
	b = strconv.AppendBool(b, d.RegisterOffer)
	return append(b, '}')
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
