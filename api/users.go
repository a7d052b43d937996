package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

// listUsers handles GET /users/list[?limit=&after=]: users with passkeys
// or aliases in user id order; aliases are plaintexts, null for hashed
// ones. Without parameters it is upstream's single answer of up to 1000.
func (s *server) listUsers(c *gin.Context) error {
	limit, err := intQuery(c, "limit", passkeys.MaxListedUsers, 1, passkeys.MaxListedUsers)
	if err != nil {
		return err
	}
	after, _ := query(c, "after")
	page, err := s.deps.Passkeys.UsersPage(c.Request.Context(), appOf(c).ID, after, limit)
	if err != nil {
		return err
	}
	writeRawValues(c, page)
	return nil
}

// countUsers handles GET /users/count: users with at least one passkey.
func (s *server) countUsers(c *gin.Context) error {
	n, err := s.deps.Passkeys.CountUsers(c.Request.Context(), appOf(c).ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"count": n})
	return nil
}

// deleteUser handles POST /users/delete: 200 with an empty body, as
// upstream, also for an unknown user.
func (s *server) deleteUser(c *gin.Context) error {
	var req userIDRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Passkeys.DeleteUser(c.Request.Context(), appOf(c).ID, req.UserID); err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}
