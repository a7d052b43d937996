package authenticators

import (
	"testing"

	"github.com/google/uuid"
)

func TestProvider_CommunityNameThenMetadataThenUnknown(t *testing.T) {
	withMDS, open := testCatalog(t), OpenCatalog()
	tests := []struct {
		name     string
		catalog  *Catalog
		aaguid   string
		want     string
		wantIcon string
	}{
		{"community list without metadata", open, "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager", ""},
		{"community list, upper case", open, "BADA5566-A7AA-401F-BD96-45619A55120D", "1Password", ""},
		{"community list wins over the metadata's description", withMDS, alpha.String(), "Windows Hello", ""},
		{"metadata only, with its data: icon", withMDS, zeta.String(), "Zeta Security Key", "data:image/png;base64,iVBORw0KGgo="},
		{"metadata model without a metadata file", open, zeta.String(), UnknownProvider, ""},
		{"in no list", withMDS, other.String(), UnknownProvider, ""},
		{"all-zero AAGUID (no attestation)", withMDS, uuid.Nil.String(), UnknownProvider, ""},
		{"not an AAGUID", withMDS, "not-a-uuid", UnknownProvider, ""},
		{"empty", open, "", UnknownProvider, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.catalog.Provider(tt.aaguid)
			if got.Name != tt.want || got.Icon != tt.wantIcon {
				t.Errorf("Provider(%q) = %+v, want %q icon %q", tt.aaguid, got, tt.want, tt.wantIcon)
			}
		})
	}
}

func TestProvider_EmbeddedListParses(t *testing.T) {
	if n := len(loadProviders()); n < 15 {
		t.Errorf("providers.json names %d providers, want the well-known ones", n)
	}
}

func TestDataImage_OnlyBase64ImageDataURIs(t *testing.T) {
	tests := []struct{ uri, want string }{
		{"data:image/svg+xml;base64,PHN2Zz4=", "data:image/svg+xml;base64,PHN2Zz4="},
		{"data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="},
		{"https://example.com/icon.png", ""},
		{"data:text/html;base64,PHNjcmlwdD4=", ""},
		{"data:image/svg+xml,<svg onload=alert(1)>", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dataImage(tt.uri); got != tt.want {
			t.Errorf("dataImage(%q) = %q, want %q", tt.uri, got, tt.want)
		}
	}
}
