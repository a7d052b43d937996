package console

import (
	"context"
	"net/http"

	"passwordless/events"
	"passwordless/problems"
	"passwordless/tenants"
)

var errConfirm = problems.Validation("confirm", "Tick the box to confirm the deletion.")

// deleteApp schedules the application's deletion (or deletes it at once
// when the service allows), as the management API's mark-delete does,
// with the admin as the one who asked.
func (c *Console) deleteApp(w http.ResponseWriter, r *http.Request, s *signedIn) {
	if r.PostFormValue("confirm") == "" {
		c.afterSettings(w, r, s, errConfirm)
		return
	}
	// A deleted application leaves its organization by the foreign key's
	// cascade; the organization's log records it through appDeleted, the
	// deletion hook, in the same transaction.
	d, err := c.o.Tenants.MarkDelete(r.Context(), r.PathValue("app"), s.admin.Email)
	if err != nil || !d.IsDeleted {
		c.afterSettings(w, r, s, err)
		return
	}
	c.message(w, r, http.StatusOK, "Application deleted", "The application "+r.PathValue("app")+" has been deleted.")
}

// appDeleted is the tenants service's deletion hook: an application of
// an organization, deleted at once from the console or the management API,
// or by the scheduled deletion job, is in the organization's log, in the
// transaction that deletes it (before its row leaves the organization).
func (c *Console) appDeleted(ctx context.Context, app *tenants.App) error {
	org, err := c.store.orgOfApp(ctx, app.ID)
	if err != nil || org == "" {
		return err
	}
	msg := "Application " + app.ID + " deleted."
	if app.DeleteAt != nil {
		msg = "Application " + app.ID + " deleted: its scheduled deletion was carried out."
	}
	return c.orgEvent(ctx, org, events.ConsoleAppDeleted, msg)
}

// cancelDeletion unlocks the keys and clears the deletion date.
func (c *Console) cancelDeletion(w http.ResponseWriter, r *http.Request, s *signedIn) {
	c.afterSettings(w, r, s, c.o.Tenants.CancelDelete(r.Context(), r.PathValue("app")))
}
