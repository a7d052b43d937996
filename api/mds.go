package api

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"passwordless/problems"
)

type mdsEntryJSON struct {
	AAGUID                string   `json:"aaGuid"`
	Name                  string   `json:"name"`
	CertificationStatuses []string `json:"certificationStatuses"`
	AttestationTypes      []string `json:"attestationTypes"`
	Icon                  *string  `json:"icon"`
}

// mdsAttestationTypes handles GET /mds/attestation-types.
func (s *server) mdsAttestationTypes(c *gin.Context) error {
	c.JSON(http.StatusOK, s.deps.Authenticators.Catalog().AttestationTypes())
	return nil
}

// mdsCertificationStatuses handles GET /mds/certification-statuses.
func (s *server) mdsCertificationStatuses(c *gin.Context) error {
	c.JSON(http.StatusOK, s.deps.Authenticators.Catalog().CertificationStatuses())
	return nil
}

var mdsFilterPattern = regexp.MustCompile(`^[a-zA-Z0-9_]*$`)

// mdsEntries handles GET /mds/entries?attestationTypes=&certificationStatuses=
// (each repeatable; an entry matches when it has any of the values).
func (s *server) mdsEntries(c *gin.Context) error {
	types, err := queryAll(c, "attestationTypes")
	if err != nil {
		return err
	}
	statuses, err := queryAll(c, "certificationStatuses")
	if err != nil {
		return err
	}
	entries := s.deps.Authenticators.Catalog().Entries(types, statuses)
	out := make([]mdsEntryJSON, len(entries))
	for i, e := range entries {
		out[i] = mdsEntryJSON{AAGUID: e.AAGUID.String(), Name: e.Name, CertificationStatuses: e.CertificationStatuses,
			AttestationTypes: e.AttestationTypes, Icon: e.Icon}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// queryAll collects every value of a repeatable filter (name matched
// case-insensitively); empty values are ignored.
func queryAll(c *gin.Context, name string) ([]string, error) {
	var out []string
	for k, vs := range c.Request.URL.Query() {
		if !strings.EqualFold(k, name) {
			continue
		}
		for _, v := range vs {
			if !mdsFilterPattern.MatchString(v) {
				return nil, problems.Validation(name, "The field "+name+" must match the regular expression '^[a-zA-Z0-9_]*$'.")
			}
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out, nil
}
