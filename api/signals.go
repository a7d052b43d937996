package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
	"passwordless/problems"
)

type signalsRequest struct {
	UserID      string `json:"userId"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

type signalsResponse struct {
	Signals []passkeys.Signal `json:"signals"`
}

// credentialSignals handles POST /credentials/signals: the Signal API calls
// that bring the browser's passkeys of the user in step with the server.
func (s *server) credentialSignals(c *gin.Context) error {
	var req signalsRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.UserID == "" {
		return problems.New(problems.MissingUserID)
	}
	signals, err := s.deps.Passkeys.Signals(c.Request.Context(), appOf(c).ID, req.UserID, req.Name, req.DisplayName)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, signalsResponse{Signals: signals})
	return nil
}
