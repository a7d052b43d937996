package console

import (
	"net/http"

	"passwordless/problems"
)

var errConfirm = problems.Validation("confirm", "Tick the box to confirm the deletion.")

// deleteApp schedules the application's deletion (or deletes it at once
// when the service allows), as the management API's mark-delete does,
// with the admin as the one who asked.
func (c *Console) deleteApp(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if r.PostFormValue("confirm") == "" {
		c.afterSettings(w, r, s, errConfirm)
		return nil
	}
	// A deleted application leaves its organization by the foreign key's
	// cascade; the organization's log records it through orgs.AppDeleted,
	// the deletion hook, in the same transaction.
	d, err := c.o.Tenants.MarkDelete(r.Context(), r.PathValue("app"), s.admin.Email)
	if err != nil || !d.IsDeleted {
		c.afterSettings(w, r, s, err)
		return nil
	}
	c.message(w, r, http.StatusOK, "Application deleted", "The application "+r.PathValue("app")+" has been deleted.")
	return nil
}

// cancelDeletion unlocks the keys and clears the deletion date.
func (c *Console) cancelDeletion(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	c.afterSettings(w, r, s, c.o.Tenants.CancelDelete(r.Context(), r.PathValue("app")))
	return nil
}
