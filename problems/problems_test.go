package problems_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"passwordless/problems"
)

var update = flag.Bool("update", false, "rewrite testdata/codes.golden")

// TestCatalogue_CodesAreAppendOnly pins every code: the golden file may only
// grow at the end. Renaming or removing a code breaks clients that match on it.
func TestCatalogue_CodesAreAppendOnly(t *testing.T) {
	var got []string
	for _, e := range problems.All() {
		got = append(got, fmt.Sprintf("%s %d", e.Code, e.Status))
	}
	const path = "testdata/codes.golden"
	if *update {
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(got) < len(want) {
		t.Fatalf("catalogue has %d codes, golden has %d: codes were removed", len(got), len(want))
	}
	for i, line := range want {
		if got[i] != line {
			t.Errorf("catalogue[%d] = %q, golden %q: codes are append-only", i, got[i], line)
		}
	}
	if len(got) > len(want) {
		t.Errorf("catalogue has new codes %v: run go test ./problems -update to pin them", got[len(want):])
	}
}

func TestCatalogue_HoldsTheSeedCodes(t *testing.T) {
	// The 15 codes of the error page the product was specified from.
	seed := []problems.Code{"api_key_locked", "invalid_token", "missing_register_token",
		"unknown_credential", "forbidden", "missing_userid", "expired_token", "alias_conflict",
		"missing_token", "invalid_token_format", "invalid_attestation",
		"attestation_not_supported_on_plan", "max_users_exceeded",
		"magic_link_email_admin_address_only", "magic_link_email_quota_exceeded"}
	for _, c := range seed {
		if _, ok := problems.Lookup(c); !ok {
			t.Errorf("seed code %q missing from the catalogue", c)
		}
	}
}

func TestCatalogue_EntriesAreComplete(t *testing.T) {
	seen := map[problems.Code]bool{}
	for _, e := range problems.All() {
		if seen[e.Code] {
			t.Errorf("code %q listed twice", e.Code)
		}
		seen[e.Code] = true
		httpError := e.Status >= 400 && e.Status <= 599
		if !(httpError || problems.IsClientFailure(e.Code)) || e.Title == "" || e.Doc == "" {
			t.Errorf("entry %q incomplete: %+v", e.Code, e)
		}
	}
}

func TestCatalogue_ClientFailuresAreAGroupOfTheirOwn(t *testing.T) {
	if !problems.IsClientFailure(problems.PasskeyUnknown) || problems.IsClientFailure(problems.UnknownCredential) {
		t.Error("IsClientFailure must hold for the client-failure group only")
	}
	if page := string(problems.HTML()); !strings.Contains(page, "Reported by a client") {
		t.Error("the /errors page does not mark client failures")
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantTitle  string
		wantExtra  map[string]any
		notContain string
	}{
		{name: "catalogue title", err: problems.New(problems.AliasConflict), wantStatus: 409,
			wantCode: "alias_conflict", wantTitle: "Alias is already in use by another userid"},
		{name: "own title", err: problems.Titled(problems.ExpiredToken, "The token expired %d seconds ago.", 10),
			wantStatus: 403, wantCode: "expired_token", wantTitle: "The token expired 10 seconds ago."},
		{name: "status override", err: problems.New(problems.AttestationNotSupportedOnPlan).WithStatus(403),
			wantStatus: 403, wantCode: "attestation_not_supported_on_plan"},
		{name: "extension member", err: problems.New(problems.UnknownCredential).WithExtension("credentialId", "abc"),
			wantStatus: 400, wantCode: "unknown_credential", wantExtra: map[string]any{"credentialId": "abc"}},
		{name: "internal text never leaks", err: errors.New("pq: relation secret_table does not exist"),
			wantStatus: 500, wantCode: "internal_error", notContain: "secret_table"},
		{name: "uncatalogued code becomes internal", err: problems.New("made_up"),
			wantStatus: 500, wantCode: "internal_error", notContain: "made_up"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			problems.Write(rec, "http://x", "trace-1", problems.From(tt.err))
			if got := rec.Header().Get("Content-Type"); got != "application/problem+json" {
				t.Errorf("Content-Type = %q", got)
			}
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if doc["errorCode"] != tt.wantCode || doc["type"] != "http://x/errors#"+tt.wantCode ||
				doc["traceId"] != "trace-1" || int(doc["status"].(float64)) != tt.wantStatus {
				t.Errorf("document = %v", doc)
			}
			if tt.wantTitle != "" && doc["title"] != tt.wantTitle {
				t.Errorf("title = %q, want %q", doc["title"], tt.wantTitle)
			}
			for k, v := range tt.wantExtra {
				if doc[k] != v {
					t.Errorf("%s = %v, want %v", k, doc[k], v)
				}
			}
			if tt.notContain != "" && strings.Contains(rec.Body.String(), tt.notContain) {
				t.Errorf("body leaks %q: %s", tt.notContain, rec.Body)
			}
		})
	}
}

func TestHTML_AnchorPerCode(t *testing.T) {
	page := string(problems.HTML())
	for _, e := range problems.All() {
		if !strings.Contains(page, `id="`+string(e.Code)+`"`) {
			t.Errorf("page has no anchor for %q", e.Code)
		}
	}
}
