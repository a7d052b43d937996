package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/diagnostics"
	"passwordless/problems"
)

// maxReportBytes caps a failure report: a real one is a few hundred bytes.
const maxReportBytes = 16 << 10

type failureReportRequest struct {
	Ceremony    string                 `json:"ceremony"`
	Platform    string                 `json:"platform"`
	Session     string                 `json:"session"`
	ReportNonce string                 `json:"reportNonce"`
	ElapsedMs   int64                  `json:"elapsedMs"`
	TimeoutMs   int64                  `json:"timeoutMs"`
	Mediation   string                 `json:"mediation"`
	Error       diagnostics.ErrorValue `json:"error"` // an object, or a plain string read as its message
	DeviceID    string                 `json:"deviceId"`
}

type classificationJSON struct {
	diagnostics.Classification
	Type string `json:"type"`
}

// reportFailure handles POST /diagnostics/failures: a browser or an app
// reports a passkey failure and gets its classification.
func (s *server) reportFailure(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxReportBytes)
	var req failureReportRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	d, err := s.diagnostics()
	if err != nil {
		return err
	}
	out, err := d.Report(c.Request.Context(), appOf(c).ID, diagnostics.Input{
		Ceremony: strings.ToLower(req.Ceremony), Platform: strings.ToLower(req.Platform), Session: req.Session, ReportNonce: req.ReportNonce,
		ElapsedMs: req.ElapsedMs, TimeoutMs: req.TimeoutMs, Mediation: req.Mediation, Error: req.Error,
		DeviceID: req.DeviceID, UserAgent: c.Request.UserAgent(), Client: c.ClientIP()})
	if err != nil {
		return err
	}
	s.countReported(c, strings.ToLower(req.Ceremony), strings.ToLower(req.Mediation), req.Session, out)
	s.rememberDeviceFailure(c, strings.ToLower(req.Ceremony), req.DeviceID, req.Session, out)
	c.JSON(http.StatusOK, classificationJSON{Classification: out, Type: s.publicURL + "/errors#" + string(out.ErrorCode)})
	return nil
}

type failureSummaryJSON struct {
	Day       string         `json:"day"`
	Ceremony  string         `json:"ceremony"`
	Begun     int64          `json:"begun"`
	Completed int64          `json:"completed"`
	Failed    int64          `json:"failed"`
	Failures  []failureCount `json:"failures"`
}

type failureCount struct {
	ErrorCode string `json:"errorCode"`
	Platform  string `json:"platform"`
	Count     int64  `json:"count"`
	Clients   int64  `json:"clients"`
}

// failureSummary handles GET /diagnostics/failures/summary?from=&to=: the
// passkey funnel per day and ceremony.
func (s *server) failureSummary(c *gin.Context) error {
	from, to, err := dayRange(c)
	if err != nil {
		return err
	}
	d, err := s.diagnostics()
	if err != nil {
		return err
	}
	days, err := d.Summary(c.Request.Context(), appOf(c).ID, from, to)
	if err != nil {
		return err
	}
	out := make([]failureSummaryJSON, len(days))
	for i, day := range days {
		fs := make([]failureCount, len(day.Failures))
		for j, f := range day.Failures {
			fs[j] = failureCount(f)
		}
		out[i] = failureSummaryJSON{Day: day.Day, Ceremony: day.Ceremony, Begun: day.Begun,
			Completed: day.Completed, Failed: day.Failed, Failures: fs}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

type failureSampleJSON struct {
	ReceivedAt time.Time       `json:"receivedAt"`
	ErrorCode  string          `json:"errorCode"`
	Error      json.RawMessage `json:"error"`
}

// failureSamples handles GET /diagnostics/failures/samples: the recent raw
// reports kept, secrets removed.
func (s *server) failureSamples(c *gin.Context) error {
	d, err := s.diagnostics()
	if err != nil {
		return err
	}
	samples, err := d.Samples(c.Request.Context(), appOf(c).ID)
	if err != nil {
		return err
	}
	out := make([]failureSampleJSON, len(samples))
	for i, smp := range samples {
		out[i] = failureSampleJSON{ReceivedAt: smp.ReceivedAt, ErrorCode: smp.ErrorCode, Error: json.RawMessage(smp.Report)}
	}
	c.JSON(http.StatusOK, gin.H{"samples": out})
	return nil
}

// clientJS handles GET /diagnostics/client.js, the browser helper at its
// unversioned URL: cached briefly, as it changes with the server.
func (s *server) clientJS(c *gin.Context) error {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", diagnostics.ClientJS)
	return nil
}

// clientJSVersioned handles GET /diagnostics/client.<version>.js: the same
// bytes at a URL named by their hash, so cached for a year as immutable; any
// other version is not found (this server has only its own).
func (s *server) clientJSVersioned(c *gin.Context) error {
	if c.Param("version") != diagnostics.ClientJSVersion+".js" {
		return errNotFound
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", diagnostics.ClientJS)
	return nil
}

// diagnostics is the service, or 503 when the server runs without it.
func (s *server) diagnostics() (*diagnostics.Service, error) {
	if s.deps.Diagnostics == nil {
		return nil, problems.New(problems.ServiceUnavailable)
	}
	return s.deps.Diagnostics, nil
}

// countFunnel counts begun and completed ceremonies for the funnel of
// GET /diagnostics/failures/summary (after the handler, successes only).
func (s *server) countFunnel(c *gin.Context) {
	c.Next()
	if s.deps.Diagnostics == nil || c.Writer.Status() >= http.StatusBadRequest {
		return
	}
	p := principalOf(c)
	if p == nil {
		return
	}
	route := c.FullPath()
	ceremony, stage, _ := strings.Cut(strings.TrimPrefix(route, "/"), "/")
	if ceremony != "register" && ceremony != "signin" {
		return
	}
	s.deps.Diagnostics.CountCeremony(c.Request.Context(), p.App.ID, ceremony, stage == "complete")
}
