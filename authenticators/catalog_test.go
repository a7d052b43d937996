package authenticators

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/uuid"
)

var (
	zeta  = uuid.MustParse("973446CA-E21C-9A9B-99F5-9B985A67AF0F")
	alpha = uuid.MustParse("08987058-cadc-4b81-b6e1-30de50dcbe96")
	other = uuid.MustParse("ee882879-721c-4913-9775-3dfcce97072a")
)

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := LoadCatalog("testdata/mds.json")
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	return c
}

func TestLoadCatalog_KeepsParsableFIDO2Entries(t *testing.T) {
	c := testCatalog(t)
	names := []string{}
	for _, e := range c.Entries(nil, nil) {
		names = append(names, e.Name)
	}
	if want := []string{"Alpha Platform Authenticator", "Zeta Security Key"}; !reflect.DeepEqual(names, want) {
		t.Errorf("entries = %v, want %v (sorted; U2F and unparsable entries skipped)", names, want)
	}
	if !c.Known(zeta) || !c.Known(alpha) || c.Known(other) {
		t.Errorf("Known(zeta, alpha, other) = %v %v %v, want true true false", c.Known(zeta), c.Known(alpha), c.Known(other))
	}
	if got := c.Name(zeta); got != "Zeta Security Key" {
		t.Errorf("Name(zeta) = %q", got)
	}
	if got, want := c.AttestationTypes(), []string{"attca", "basic_full"}; !reflect.DeepEqual(got, want) {
		t.Errorf("AttestationTypes() = %v, want %v", got, want)
	}
	if got, want := c.CertificationStatuses(), []string{"FIDO_CERTIFIED", "FIDO_CERTIFIED_L1", "NOT_FIDO_CERTIFIED"}; !reflect.DeepEqual(got, want) {
		t.Errorf("CertificationStatuses() = %v, want %v", got, want)
	}
	if e := c.Entries(nil, nil)[1]; e.Icon == nil || *e.Icon != "data:image/png;base64,iVBORw0KGgo=" {
		t.Errorf("Zeta icon = %v, want the data URL", e.Icon)
	}
}

func TestCatalog_EntriesFilters(t *testing.T) {
	c := testCatalog(t)
	tests := []struct {
		name            string
		types, statuses []string
		want            []uuid.UUID
	}{
		{"no filter", nil, nil, []uuid.UUID{alpha, zeta}},
		{"attestation type", []string{"attca"}, nil, []uuid.UUID{alpha}},
		{"any of several types", []string{"attca", "basic_full"}, nil, []uuid.UUID{alpha, zeta}},
		{"status", nil, []string{"FIDO_CERTIFIED_L1"}, []uuid.UUID{zeta}},
		{"both filters must match", []string{"attca"}, []string{"FIDO_CERTIFIED_L1"}, []uuid.UUID{}},
		{"unknown value", []string{"ecdaa"}, nil, []uuid.UUID{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []uuid.UUID{}
			for _, e := range c.Entries(tt.types, tt.statuses) {
				got = append(got, e.AAGUID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Entries(%v, %v) = %v, want %v", tt.types, tt.statuses, got, tt.want)
			}
		})
	}
}

func TestOpenCatalog_AcceptsAnyAAGUIDAndListsNothing(t *testing.T) {
	c, err := LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Known(other) || len(c.Entries(nil, nil)) != 0 || len(c.AttestationTypes()) != 0 {
		t.Errorf("open catalogue: Known=%v entries=%d types=%d, want true 0 0", c.Known(other), len(c.Entries(nil, nil)), len(c.AttestationTypes()))
	}
}

func TestLoadCatalog_Failures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, path := range map[string]string{
		"missing file":        filepath.Join(dir, "absent.jwt"),
		"not a JWT":           write("garbage.jwt", "not a blob"),
		"unsigned JWT":        write("forged.jwt", "eyJhbGciOiJub25lIn0.eyJubyI6MX0."),
		"JSON without a date": write("nodate.json", `{"no":1,"entries":[]}`),
	} {
		if _, err := LoadCatalog(path); err == nil {
			t.Errorf("%s: LoadCatalog succeeded, want an error", name)
		}
	}
}
