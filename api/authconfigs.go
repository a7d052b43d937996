package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

type authConfigView struct {
	Purpose                     string     `json:"purpose"`
	UserVerificationRequirement string     `json:"userVerificationRequirement"`
	TimeToLive                  int64      `json:"timeToLive"`
	Hints                       string     `json:"hints"`
	CreatedBy                   string     `json:"createdBy"`
	CreatedOn                   *time.Time `json:"createdOn"`
	EditedBy                    *string    `json:"editedBy"`
	EditedOn                    *time.Time `json:"editedOn"`
	LastUsedOn                  *time.Time `json:"lastUsedOn"`
}

// listAuthConfigs handles GET /auth-configs/list[?purpose=].
func (s *server) listAuthConfigs(c *gin.Context) error {
	var filter *string
	if p, ok := query(c, "purpose"); ok {
		filter = &p
	}
	list, err := s.deps.Passkeys.AuthConfigs(c.Request.Context(), appOf(c).ID, filter)
	if err != nil {
		return err
	}
	out := make([]authConfigView, len(list))
	for i, a := range list {
		out[i] = authConfigView{Purpose: a.Purpose, UserVerificationRequirement: a.UserVerification,
			TimeToLive: int64(a.TimeToLive / time.Second), Hints: a.HintNames(), CreatedBy: a.CreatedBy,
			CreatedOn: a.CreatedOn, EditedBy: a.EditedBy, EditedOn: a.EditedOn, LastUsedOn: a.LastUsedOn}
	}
	c.JSON(http.StatusOK, gin.H{"configurations": out})
	return nil
}

type authConfigRequest struct {
	Purpose                     string   `json:"purpose"`
	UserVerificationRequirement string   `json:"userVerificationRequirement"`
	TimeToLive                  timeSpan `json:"timeToLive"`
	Hints                       []string `json:"hints"`
	PerformedBy                 string   `json:"performedBy"`
}

func (r authConfigRequest) input() passkeys.AuthConfigInput {
	return passkeys.AuthConfigInput{Purpose: r.Purpose, UserVerification: r.UserVerificationRequirement,
		TimeToLive: string(r.TimeToLive), Hints: r.Hints, PerformedBy: r.PerformedBy}
}

// addAuthConfig handles POST /auth-configs/add: 201 with no body.
func (s *server) addAuthConfig(c *gin.Context) error {
	var req authConfigRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Passkeys.AddAuthConfig(c.Request.Context(), appOf(c).ID, req.input()); err != nil {
		return err
	}
	c.Status(http.StatusCreated)
	return nil
}

// updateAuthConfig handles POST /auth-configs.
func (s *server) updateAuthConfig(c *gin.Context) error {
	var req authConfigRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Passkeys.UpdateAuthConfig(c.Request.Context(), appOf(c).ID, req.input()); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type deleteAuthConfigRequest struct {
	Purpose     string `json:"purpose"`
	PerformedBy string `json:"performedBy"`
}

// deleteAuthConfig handles POST /auth-configs/delete.
func (s *server) deleteAuthConfig(c *gin.Context) error {
	var req deleteAuthConfigRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Passkeys.DeleteAuthConfig(c.Request.Context(), appOf(c).ID, req.Purpose, req.PerformedBy); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// timeSpan is a .NET TimeSpan string ("00:03:00"), as the admin console
// sends; a JSON number is taken as seconds rather than as .NET's days.
type timeSpan string

// UnmarshalJSON implements json.Unmarshaler.
func (t *timeSpan) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil && len(b) > 0 && b[0] != '"' {
		secs, err := n.Int64()
		if err != nil || secs < 0 {
			return errors.New("timeToLive is neither seconds nor a TimeSpan")
		}
		*t = timeSpan(fmt.Sprintf("%d.%02d:%02d:%02d", secs/86400, secs%86400/3600, secs%3600/60, secs%60))
		return nil
	}
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("timeToLive is neither seconds nor a TimeSpan")
	}
	if s != nil {
		*t = timeSpan(*s)
	}
	return nil
}
