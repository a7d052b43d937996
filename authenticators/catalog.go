package authenticators

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"

	"github.com/go-webauthn/webauthn/metadata"
	"github.com/google/uuid"
)

// Entry is one authenticator model of the FIDO metadata.
type Entry struct {
	AAGUID                uuid.UUID
	Name                  string
	CertificationStatuses []string
	AttestationTypes      []string
	Icon                  *string
}

// Catalog is the FIDO metadata the server knows: immutable once loaded.
type Catalog struct {
	open    bool
	entries []Entry // sorted by name
	byID    map[uuid.UUID]*Entry
	// providers are the community list's names (providers.go).
	providers map[uuid.UUID]Provider
}

// OpenCatalog is the catalogue used without a metadata file: it knows no
// entries and accepts every well-formed AAGUID.
func OpenCatalog() *Catalog {
	return &Catalog{open: true, byID: map[uuid.UUID]*Entry{}, providers: loadProviders()}
}

// LoadCatalog reads the metadata file at path: the MDS3 blob (a JWT whose
// certificate chain go-webauthn checks against the FIDO root) or the JSON
// payload of one. An empty path gives OpenCatalog. Entries that do not
// parse are skipped, as the FIDO conformance tools advise, so one bad
// statement does not hide the rest.
func LoadCatalog(path string) (*Catalog, error) {
	if path == "" {
		return OpenCatalog(), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fido metadata: %w", err)
	}
	dec, err := metadata.NewDecoder(metadata.WithIgnoreEntryParsingErrors())
	if err != nil {
		return nil, fmt.Errorf("fido metadata: %w", err)
	}
	var payload *metadata.PayloadJSON
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		payload = &metadata.PayloadJSON{}
		err = json.Unmarshal(trimmed, payload)
	} else {
		payload, err = dec.DecodeBytes(bytes.TrimSpace(raw))
	}
	if err != nil {
		return nil, fmt.Errorf("fido metadata %s: %w", path, err)
	}
	md, err := dec.Parse(payload)
	if err != nil {
		return nil, fmt.Errorf("fido metadata %s: %w", path, err)
	}
	return newCatalog(md.Parsed.Entries), nil
}

// newCatalog keeps the FIDO2 entries (UAF and U2F models have no AAGUID).
func newCatalog(entries []metadata.Entry) *Catalog {
	c := &Catalog{byID: map[uuid.UUID]*Entry{}, providers: loadProviders()}
	for _, e := range entries {
		st := e.MetadataStatement
		if st.ProtocolFamily != "fido2" || e.AaGUID == uuid.Nil {
			continue
		}
		entry := Entry{AAGUID: e.AaGUID, Name: st.Description,
			CertificationStatuses: []string{}, AttestationTypes: []string{}}
		for _, r := range e.StatusReports {
			entry.CertificationStatuses = append(entry.CertificationStatuses, string(r.Status))
		}
		for _, t := range st.AttestationTypes {
			entry.AttestationTypes = append(entry.AttestationTypes, string(t))
		}
		if st.Icon != nil {
			icon := st.Icon.String()
			entry.Icon = &icon
		}
		c.entries = append(c.entries, entry)
	}
	sort.SliceStable(c.entries, func(i, j int) bool { return c.entries[i].Name < c.entries[j].Name })
	for i := range c.entries {
		c.byID[c.entries[i].AAGUID] = &c.entries[i]
	}
	return c
}

// Known reports whether id may be listed: it is in the metadata, or no
// metadata was loaded.
func (c *Catalog) Known(id uuid.UUID) bool {
	_, ok := c.byID[id]
	return ok || c.open
}

// Name is the model name of id, or "" when unknown.
func (c *Catalog) Name(id uuid.UUID) string {
	if e, ok := c.byID[id]; ok {
		return e.Name
	}
	return ""
}

// Entries returns the models, by name, that have any of attestationTypes
// and any of statuses; an empty filter matches everything.
func (c *Catalog) Entries(attestationTypes, statuses []string) []Entry {
	out := []Entry{}
	for _, e := range c.entries {
		if matchesAny(e.AttestationTypes, attestationTypes) && matchesAny(e.CertificationStatuses, statuses) {
			out = append(out, e)
		}
	}
	return out
}

func matchesAny(have, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// AttestationTypes lists the distinct attestation types, sorted.
func (c *Catalog) AttestationTypes() []string {
	return c.distinct(func(e Entry) []string { return e.AttestationTypes })
}

// CertificationStatuses lists the distinct certification statuses, sorted.
func (c *Catalog) CertificationStatuses() []string {
	return c.distinct(func(e Entry) []string { return e.CertificationStatuses })
}

func (c *Catalog) distinct(of func(Entry) []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, e := range c.entries {
		for _, v := range of(e) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return out
}
