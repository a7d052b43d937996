package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAppsFeaturesSet_MagicLinkEmailQuota: features set sets the
// magic-link e-mail quota of one application without overwriting its other
// features; get shows it as a table and JSON; a refused quota says why and
// changes nothing, not even the other flags given with it.
func TestAppsFeaturesSet_MagicLinkEmailQuota(t *testing.T) {
	cmd, get := twoAppsCLI(t)
	if _, err := cmd("apps", "features", "set", "mine", "--allowed-origins", "https://mine.test", "--magic-links=true"); err != nil {
		t.Fatal(err)
	}
	before, theirs := get("mine"), get("theirs")

	if _, err := cmd("apps", "features", "set", "mine", "--magic-link-email-quota", "250"); err != nil {
		t.Fatalf("set quota: %v", err)
	}
	after := get("mine")
	want := before
	want.MagicLinkQuota = 250
	if !sameFeatures(after, want) {
		t.Errorf("after setting the quota alone: %+v, want %+v (only the quota changed)", after, want)
	}
	if got := get("theirs"); !sameFeatures(got, theirs) {
		t.Errorf("theirs changed: %+v, want %+v", got, theirs)
	}
	table, err := cmd("apps", "features", "get", "mine")
	if err != nil || !strings.Contains(table, "magic-link e-mails per 30 days  250") {
		t.Errorf("table = %q, %v; want the quota shown", table, err)
	}

	if _, err := cmd("apps", "features", "set", "mine", "--magic-link-email-quota", "0", "--retention-days", "7"); err != nil {
		t.Fatalf("set quota and retention: %v", err)
	}
	if got := get("mine"); got.MagicLinkQuota != 0 || got.RetentionDays != 7 || got.AllowedOrigins[0] != "https://mine.test" {
		t.Errorf("after quota 0 and retention 7: %+v", got)
	}
	for _, bad := range []string{"-1", "10000001"} {
		_, err := cmd("apps", "features", "set", "mine", "--magic-link-email-quota", bad, "--retention-days", "9")
		if err == nil || !strings.Contains(err.Error(), "must be between 0 and 10000000") {
			t.Errorf("quota %s = %v, want the service's rule", bad, err)
		}
	}
	if got := get("mine"); got.MagicLinkQuota != 0 || got.RetentionDays != 7 {
		t.Errorf("after refused quotas: %+v, want quota 0 and retention 7 unchanged", got)
	}
	if _, err := cmd("apps", "features", "set", "nosuchapp", "--magic-link-email-quota", "5"); err == nil ||
		!strings.Contains(err.Error(), "app_not_found") {
		t.Errorf("unknown app = %v, want app_not_found", err)
	}
}

func sameFeatures(a, b featureView) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
