package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/tenants"
)

type deletionResponse struct {
	Message     string     `json:"message"`
	IsDeleted   bool       `json:"isDeleted"`
	DeleteAt    *time.Time `json:"deleteAt"`
	AdminEmails []string   `json:"adminEmails"`
}

func deletionOf(d *tenants.Deletion) deletionResponse {
	emails := d.AdminEmails
	if emails == nil {
		emails = []string{}
	}
	return deletionResponse{Message: d.Message, IsDeleted: d.IsDeleted, DeleteAt: d.DeleteAt, AdminEmails: emails}
}

// listPendingDeletion handles GET /apps/list-pending-deletion.
func (s *server) listPendingDeletion(c *gin.Context) error {
	ids, err := s.deps.Tenants.PendingDeletion(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, ids)
	return nil
}

// canDeleteImmediately handles GET /admin/apps/{appId}/can-delete-immediately.
func (s *server) canDeleteImmediately(c *gin.Context) error {
	ok, err := s.deps.Tenants.CanDeleteImmediately(c.Request.Context(), c.Param("appId"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, ok)
	return nil
}

type markDeleteRequest struct {
	DeletedBy string `json:"deletedBy"`
}

// markDeleteApp handles POST /admin/apps/{appId}/mark-delete.
func (s *server) markDeleteApp(c *gin.Context) error {
	var req markDeleteRequest
	if c.Request.ContentLength != 0 {
		if err := bindJSON(c, &req); err != nil {
			return err
		}
	}
	d, err := s.deps.Tenants.MarkDelete(c.Request.Context(), c.Param("appId"), req.DeletedBy)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, deletionOf(d))
	return nil
}

// cancelDeleteApp handles POST /admin/apps/{appId}/cancel-delete.
func (s *server) cancelDeleteApp(c *gin.Context) error {
	if err := s.deps.Tenants.CancelDelete(c.Request.Context(), c.Param("appId")); err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"message": "Your account will not be deleted since the process was aborted with the cancellation link"})
	return nil
}

// deleteApp handles DELETE /admin/apps/{appId}: only once the scheduled
// deletion date has passed.
func (s *server) deleteApp(c *gin.Context) error {
	d, err := s.deps.Tenants.Delete(c.Request.Context(), c.Param("appId"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, deletionOf(d))
	return nil
}
