package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

type setAliasesRequest struct {
	UserID  string   `json:"userId"`
	Aliases []string `json:"aliases"`
	Hashing *bool    `json:"hashing"`
}

// setAliases handles POST /alias: the user's alias set is replaced.
func (s *server) setAliases(c *gin.Context) error {
	var req setAliasesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	hashing := req.Hashing == nil || *req.Hashing
	if err := s.deps.Passkeys.SetAliases(c.Request.Context(), appOf(c).ID, req.UserID, req.Aliases, hashing); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type aliasView struct {
	UserID    string  `json:"userId"`
	Alias     string  `json:"alias"`
	Plaintext *string `json:"plaintext"`
	Tenant    string  `json:"tenant"`
}

// listAliases handles GET /alias/list?userId= (any case of the name).
func (s *server) listAliases(c *gin.Context) error {
	userID, _ := query(c, "userId")
	app := appOf(c)
	list, err := s.deps.Passkeys.Aliases(c.Request.Context(), app.ID, userID)
	if err != nil {
		return err
	}
	writeValues(c, list, func(a passkeys.Alias) aliasView {
		return aliasView{UserID: a.UserID, Alias: a.Hash, Plaintext: a.Plaintext, Tenant: app.ID}
	})
	return nil
}
