package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"passwordless/api/apitest"
	"passwordless/events"
)

// exported decodes an NDJSON export, failing on a line that is not an
// event object.
func exported(t *testing.T, body []byte) []eventItem {
	t.Helper()
	var out []eventItem
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		var e eventItem
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

// TestEvents_ExportStreamsTheWholeLogOfOneApplication: an export of more
// events than one page is NDJSON holding exactly what GET /events lists,
// in the opposite order, and nothing of another application.
func TestEvents_ExportStreamsTheWholeLogOfOneApplication(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	mine := loggedApp(t, h, "exporter")
	loggedApp(t, h, "neighbour")
	for i := range 600 { // more than the export's page of 500
		for _, app := range []string{"exporter", "neighbour"} {
			e := events.About(app, fmt.Sprintf("user-%d", i), events.APIUserSignInVerified, "Signed in.")
			if err := h.Server.EventLog.Record(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
	}

	resp := must(t, h, http.StatusOK, http.MethodGet, "/events/export", mine.app.Secret(), nil)
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type = %q, want application/x-ndjson", ct)
	}
	got := exported(t, resp.Body)
	listed := readEvents(t, h, mine.app.Secret(), "?pageNumber=1&numberOfResults=1000").Events
	slices.Reverse(listed)
	if len(got) <= 600 || !slices.Equal(got, listed) {
		t.Fatalf("export has %d events, GET /events %d; want the same events, oldest first", len(got), len(listed))
	}
	for _, e := range got {
		if e.TenantID != "exporter" {
			t.Fatalf("export of exporter holds %+v", e)
		}
	}
	// The harness clock stands still: the range of its day holds them all,
	// the next day none.
	day := h.Clock.Now().Format(events.DayLayout)
	if n := len(exported(t, must(t, h, http.StatusOK, http.MethodGet, "/events/export?from="+day+"&to="+day, mine.app.Secret(), nil).Body)); n != len(got) {
		t.Errorf("export of %s has %d events, want %d", day, n, len(got))
	}
	next := h.Clock.Now().AddDate(0, 0, 1).Format(events.DayLayout)
	if body := must(t, h, http.StatusOK, http.MethodGet, "/events/export?from="+next, mine.app.Secret(), nil).Body; len(body) != 0 {
		t.Errorf("export from %s = %q, want nothing", next, body)
	}
}

// TestEvents_ExportRefusalsAreProblems: a bad range or a log that is off
// is a problem document, not an empty or partial stream.
func TestEvents_ExportRefusalsAreProblems(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	logged := loggedApp(t, h, "exporter").app.Secret()
	unlogged := h.CreateApp(t, "unlogged", nil).Secret()
	tests := []struct {
		name, query string
		headers     apitest.H
		status      int
		code, field string
	}{
		{"to before from", "?from=2026-02-05&to=2026-02-04", logged, http.StatusBadRequest, "validation_failed", "to"},
		{"malformed from", "?from=yesterday", logged, http.StatusBadRequest, "validation_failed", "from"},
		{"a timestamp, not a day", "?to=2026-02-05T10:00:00Z", logged, http.StatusBadRequest, "validation_failed", "to"},
		{"logging off", "", unlogged, http.StatusForbidden, "event_logging_disabled", ""},
		{"public key", "", apitest.H{"ApiKey": h.CreateApp(t, "public", nil).APIKey1}, http.StatusUnauthorized, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := must(t, h, tt.status, http.MethodGet, "/events/export"+tt.query, tt.headers, nil)
			if tt.code != "" && resp.Code() != tt.code {
				t.Errorf("errorCode = %q, want %q", resp.Code(), tt.code)
			}
			if errs, _ := resp.Problem(t)["errors"].(map[string]any); tt.field != "" && errs[tt.field] == nil {
				t.Errorf("problem %s names no error on %q", resp.Body, tt.field)
			}
		})
	}
}
