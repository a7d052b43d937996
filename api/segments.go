package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/diagnostics"
	"passwordless/passkeys"
	"passwordless/problems"
	"passwordless/tokens"
)

// deviceOf is the segment of the request's client: its User-Agent and,
// when a Chromium browser sends them, its client hints.
func deviceOf(c *gin.Context) diagnostics.Device {
	return diagnostics.DeviceOf(c.Request.UserAgent(), diagnostics.ClientHints{
		Platform: c.GetHeader("Sec-CH-UA-Platform"), Brands: c.GetHeader("Sec-CH-UA")})
}

// countBegun counts a ceremony begun for the success rates (issue 21 §3).
// offered are the AAGUIDs of the passkeys a sign-in offered (its provider).
func (s *server) countBegun(c *gin.Context, kind string, offered []string) {
	if s.deps.Segments != nil {
		s.deps.Segments.Begun(c.Request.Context(), appOf(c).ID, kind, deviceOf(c), offered)
	}
}

// signinKind is the kind of sign-in a begin request starts: with a user or
// an alias, the user's passkeys are offered.
func signinKind(userID, alias, mediation string) string {
	switch {
	case userID != "" || alias != "":
		return passkeys.KindSignin
	case mediation == passkeys.MediationConditional:
		return passkeys.KindConditional
	}
	return passkeys.KindDiscoverable
}

// countCompleted counts a completed ceremony with its passkey's provider
// and the attachment the browser reported in the response.
func (s *server) countCompleted(c *gin.Context, done *passkeys.Completed, response json.RawMessage) {
	if s.deps.Segments == nil {
		return
	}
	s.deps.Segments.Completed(c.Request.Context(), appOf(c).ID, done.Kind, deviceOf(c), done.AAGUID, attachmentOf(response),
		diagnostics.Begin{Offered: done.Offered, At: done.BegunAt})
}

// attachmentOf finds the authenticatorAttachment member of a verified
// response without decoding the whole response again (the sign-in's hot
// path): "platform", "cross-platform", or "" (absent or anything else).
func attachmentOf(response json.RawMessage) string {
	for _, a := range []string{"cross-platform", "platform"} {
		if bytes.Contains(response, []byte(`"authenticatorAttachment":"`+a+`"`)) ||
			bytes.Contains(response, []byte(`"authenticatorAttachment": "`+a+`"`)) {
			return a
		}
	}
	return ""
}

// countVerified counts a verified sign-in token by method; registration
// tokens are not sign-ins.
func (s *server) countVerified(c *gin.Context, v *tokens.Verified) {
	if s.deps.Segments == nil || v.Type == tokens.TypePasskeyRegister {
		return
	}
	method := diagnostics.MethodOther
	switch v.Type {
	case tokens.TypePasskeySignin:
		method = diagnostics.MethodPasskey
	case tokens.TypeMagicLink:
		method = diagnostics.MethodMagicLink
	}
	s.deps.Segments.Verified(c.Request.Context(), appOf(c).ID, v.UserID, method)
}

// countReported counts a failure a client reported, in the segment of the
// reporting client (its provider from the ceremony's session).
func (s *server) countReported(c *gin.Context, ceremony, mediation, session string, code diagnostics.Classification) {
	if s.deps.Segments == nil {
		return
	}
	kind := passkeys.KindSignin
	switch {
	case ceremony == "register":
		kind = passkeys.KindRegister
	case mediation == passkeys.MediationConditional:
		kind = passkeys.KindConditional
	}
	s.deps.Segments.Failed(c.Request.Context(), appOf(c).ID, kind, deviceOf(c), code.ErrorCode, session)
}

type segmentSummaryJSON struct {
	From             string           `json:"from"`
	To               string           `json:"to"`
	GroupBy          string           `json:"groupBy"`
	SignIns          signInsJSON      `json:"signIns"`
	PasskeyLoginRate *float64         `json:"passkeyLoginRate"`
	UsersSignedIn    int64            `json:"usersSignedIn"`
	UsersWithPasskey int64            `json:"usersWithPasskey"`
	EnrollmentRate   *float64         `json:"enrollmentRate"`
	Segments         []segmentJSON    `json:"segments"`
	Days             []segmentDayJSON `json:"days"`
}

type signInsJSON struct {
	Total     int64 `json:"total"`
	Passkey   int64 `json:"passkey"`
	MagicLink int64 `json:"magicLink"`
	Other     int64 `json:"other"`
}

type segmentJSON struct {
	Segment     string         `json:"segment"`
	Begun       int64          `json:"begun"`
	Completed   int64          `json:"completed"`
	Failed      int64          `json:"failed"`
	Abandoned   int64          `json:"abandoned"`
	SuccessRate *float64       `json:"successRate"`
	Failures    []codeCountRow `json:"failures"`
}

type codeCountRow struct {
	ErrorCode string `json:"errorCode"`
	Count     int64  `json:"count"`
}

type segmentDayJSON struct {
	Day      string        `json:"day"`
	SignIns  signInsJSON   `json:"signIns"`
	Segments []segmentJSON `json:"segments"`
}

// segmentSummary handles GET /diagnostics/summary?from=&to=&groupBy=: the
// passkey login and enrollment rates and the success rate per segment.
func (s *server) segmentSummary(c *gin.Context) error {
	if s.deps.Segments == nil {
		return problems.New(problems.ServiceUnavailable)
	}
	from, to, err := dayRange(c)
	if err != nil {
		return err
	}
	sum, err := s.deps.Segments.SegmentSummary(c.Request.Context(), appOf(c).ID, from, to, c.Query("groupBy"))
	if err != nil {
		return err
	}
	out := segmentSummaryJSON{From: sum.From, To: sum.To, GroupBy: sum.GroupBy, SignIns: signInsJSON(sum.SignIns),
		PasskeyLoginRate: sum.PasskeyLoginRate, UsersSignedIn: sum.UsersSignedIn, UsersWithPasskey: sum.UsersWithPasskey,
		EnrollmentRate: sum.EnrollmentRate, Segments: segmentsJSON(sum.Segments), Days: []segmentDayJSON{}}
	for _, d := range sum.Days {
		out.Days = append(out.Days, segmentDayJSON{Day: d.Day, SignIns: signInsJSON(d.SignIns), Segments: segmentsJSON(d.Segments)})
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func segmentsJSON(in []diagnostics.SegmentStats) []segmentJSON {
	out := make([]segmentJSON, len(in))
	for i, st := range in {
		fs := make([]codeCountRow, len(st.Failures))
		for j, f := range st.Failures {
			fs[j] = codeCountRow(f)
		}
		out[i] = segmentJSON{Segment: st.Segment, Begun: st.Begun, Completed: st.Completed, Failed: st.Failed,
			Abandoned: st.Abandoned, SuccessRate: st.SuccessRate, Failures: fs}
	}
	return out
}
