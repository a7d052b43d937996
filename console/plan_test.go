package console_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"passwordless/tenants"
)

// rowOf is the text of the table row of page p whose header cell is th,
// tags removed and spaces collapsed.
func rowOf(p page, th string) string {
	re := regexp.MustCompile(`(?s)<tr(?: role="row")?><th scope="row"(?: role="rowheader")?>(?:<a [^>]*>)?` + regexp.QuoteMeta(th) + `(?:</a>)?</th>(.*?)</tr>`)
	m := re.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], " ")
	return strings.Join(strings.Fields(text), " ")
}

// The plan page shows the organization's limits and its usage against
// them, per application too; another organization's page shows none of
// it.
func TestPlan_ShowsLimitsAndUsageOfTheOrganizationOnly(t *testing.T) {
	h := newHarness(t)
	acme := owner(t, h, "Acme", "owner@acme.test")
	other := owner(t, h, "Other", "owner@other.test")
	acme.createApp(t, "acmeshop")
	max := int64(250)
	if err := h.Server.Tenants.SetLimits(t.Context(), "acmeshop", tenants.Limits{MaxUsers: &max}); err != nil {
		t.Fatal(err)
	}
	p := acme.get(t, "/console/org/plan")
	if p.Status != http.StatusOK {
		t.Fatalf("plan page: %d %.300s", p.Status, p.Body)
	}
	for th, want := range map[string]string{
		"Applications":                     "1 10",
		"Invitations in the last 24 hours": "0 20",
		"acmeshop":                         "0 250 0 200 for now (1000 a month once the application is 30 days old)",
	} {
		if got := rowOf(p, th); got != want {
			t.Errorf("row %q = %q, want %q", th, got, want)
		}
	}
	if !strings.Contains(acme.get(t, "/console/org").Body, `href="/console/org/plan"`) {
		t.Error("the organization page does not link to the plan")
	}
	theirs := other.get(t, "/console/org/plan")
	if theirs.Status != http.StatusOK || strings.Contains(theirs.Body, "acmeshop") || rowOf(theirs, "Applications") != "0 10" {
		t.Errorf("another organization's plan page: %d, apps %q, mentions acmeshop: %v",
			theirs.Status, rowOf(theirs, "Applications"), strings.Contains(theirs.Body, "acmeshop"))
	}
}
