package authenticators

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/google/uuid"
)

// providersJSON names passkey providers by AAGUID, for passkey lists. It is
// a hand-checked subset (names only, no icons) of the community list
// passkeydeveloper/passkey-authenticator-aaguids, aaguid.json at commit
// 47b6f84e4e3c (2026-08-07),
// https://github.com/passkeydeveloper/passkey-authenticator-aaguids. That
// repository states no licence (its README calls it a community list for
// naming passkeys in account settings), so only the names — facts about
// which AAGUID a provider uses — are copied, none of its icon artwork. The
// whole file could not be downloaded when this was written;
// to refresh it, replace providers.json with that aaguid.json (same schema:
// {"<aaguid>": {"name", "icon_light", "icon_dark"}}).
//
//go:embed providers.json
var providersJSON []byte

// UnknownProvider is the provider name of an AAGUID neither list knows
// (and of the all-zero AAGUID authenticators send without attestation).
const UnknownProvider = "Unknown authenticator"

// Provider is how a passkey list shows an authenticator model.
type Provider struct {
	Name string
	// Icon is a data: URI of an image, or "" (only data: URIs are kept, so
	// a page shows no remote image).
	Icon string
}

type providerEntry struct {
	Name      string `json:"name"`
	IconLight string `json:"icon_light"`
}

// loadProviders parses the embedded list; a test proves it parses.
func loadProviders() map[uuid.UUID]Provider {
	var raw map[string]providerEntry
	if err := json.Unmarshal(providersJSON, &raw); err != nil {
		panic("authenticators: providers.json: " + err.Error())
	}
	out := make(map[uuid.UUID]Provider, len(raw))
	for k, e := range raw {
		if id, err := uuid.Parse(k); err == nil && e.Name != "" {
			out[id] = Provider{Name: e.Name, Icon: dataImage(e.IconLight)}
		}
	}
	return out
}

// Provider names the authenticator model aaguid: the community list's
// provider name (what users recognise: "Google Password Manager",
// "Windows Hello"), else the FIDO metadata's description when a metadata
// file is loaded, else UnknownProvider.
func (c *Catalog) Provider(aaguid string) Provider {
	id, err := uuid.Parse(aaguid)
	if err != nil || id == uuid.Nil {
		return Provider{Name: UnknownProvider}
	}
	if p, ok := c.providers[id]; ok {
		return p
	}
	if e, ok := c.byID[id]; ok {
		p := Provider{Name: e.Name}
		if e.Icon != nil {
			p.Icon = dataImage(*e.Icon)
		}
		return p
	}
	return Provider{Name: UnknownProvider}
}

// ModelName names the model aaguid as Provider does ("Windows Hello"
// from the community list, else the metadata's description), "" when
// neither knows it: the allow and deny lists show their entries by it, so
// a model known only to the community list (Windows Hello, without a
// metadata file) is named there as on a user's passkeys.
func (c *Catalog) ModelName(id uuid.UUID) string {
	if p := c.Provider(id.String()); p.Name != UnknownProvider {
		return p.Name
	}
	return ""
}

// dataImage is uri when it is a base64 data: URI of an image, else "".
func dataImage(uri string) string {
	head, _, ok := strings.Cut(uri, ",")
	if !ok || !strings.HasPrefix(head, "data:image/") || !strings.HasSuffix(head, ";base64") {
		return ""
	}
	return uri
}
