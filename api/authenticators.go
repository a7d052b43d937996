package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/authenticators"
	"passwordless/problems"
)

type authenticatorEntry struct {
	AAGUID    string    `json:"aaGuid"`
	Name      *string   `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// listAuthenticators handles GET /authenticators/list?isAllowed=.
func (s *server) listAuthenticators(c *gin.Context) error {
	app := appOf(c)
	if err := authenticators.RequirePlan(app.Features.AllowAttestation); err != nil {
		return err
	}
	raw, ok := query(c, "isAllowed")
	if !ok {
		return problems.Validation("isAllowed", `Required parameter "bool IsAllowed" was not provided from query string.`)
	}
	allowed, err := strconv.ParseBool(strings.ToLower(raw))
	if err != nil {
		return problems.Validation("isAllowed", `Failed to bind parameter "bool IsAllowed" from "`+raw+`".`)
	}
	listed, err := s.deps.Authenticators.List(c.Request.Context(), app.ID, allowed)
	if err != nil {
		return err
	}
	out := make([]authenticatorEntry, len(listed))
	for i, l := range listed {
		out[i] = authenticatorEntry{AAGUID: l.AAGUID.String(), CreatedAt: l.CreatedAt}
		if l.Name != "" {
			out[i].Name = &l.Name
		}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

type authenticatorsRequest struct {
	AAGUIDs   []string `json:"aaGuids"`
	IsAllowed *bool    `json:"isAllowed"`
}

// bindAuthenticators checks the plan gate, then decodes the body of the
// list-changing routes (the gate comes first, as upstream).
func bindAuthenticators(c *gin.Context) (authenticatorsRequest, error) {
	var req authenticatorsRequest
	if err := authenticators.RequirePlan(appOf(c).Features.AllowAttestation); err != nil {
		return req, err
	}
	return req, bindJSON(c, &req)
}

// addAuthenticators handles POST /authenticators/add.
func (s *server) addAuthenticators(c *gin.Context) error {
	app := appOf(c)
	req, err := bindAuthenticators(c)
	if err != nil {
		return err
	}
	if req.IsAllowed == nil {
		return problems.Validation("isAllowed", "The IsAllowed field is required.")
	}
	if err := s.deps.Authenticators.Add(c.Request.Context(), app.ID, req.AAGUIDs, *req.IsAllowed); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// removeAuthenticators handles POST /authenticators/remove.
func (s *server) removeAuthenticators(c *gin.Context) error {
	app := appOf(c)
	req, err := bindAuthenticators(c)
	if err != nil {
		return err
	}
	if err := s.deps.Authenticators.Remove(c.Request.Context(), app.ID, req.AAGUIDs); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
