package tenants

import (
	"context"
	"time"

	"passwordless/events"
	"passwordless/problems"
)

// immediateDeletionAge: an application younger than this can be deleted
// at once, whatever it holds (spec §6.3).
const immediateDeletionAge = 3 * 24 * time.Hour

// Deletion is the outcome of a mark-delete or delete call.
type Deletion struct {
	Message     string
	IsDeleted   bool
	DeleteAt    *time.Time
	AdminEmails []string
}

// CanDeleteImmediately: the application is under 3 days old or has no
// registered passkeys.
func (s *Service) CanDeleteImmediately(ctx context.Context, id string) (bool, error) {
	app, err := s.mustApp(ctx, id)
	if err != nil {
		return false, err
	}
	return s.canDeleteNow(ctx, app)
}

func (s *Service) canDeleteNow(ctx context.Context, app *App) (bool, error) {
	if s.now().Sub(app.CreatedAt) < immediateDeletionAge {
		return true, nil
	}
	has, err := s.credentials.HasCredentials(ctx, app.ID)
	return !has, err
}

// MarkDelete deletes the application now when allowed, otherwise locks its
// keys and schedules the deletion one month ahead (an event by deletedBy).
func (s *Service) MarkDelete(ctx context.Context, id, deletedBy string) (*Deletion, error) {
	app, err := s.mustApp(ctx, id)
	if err != nil {
		return nil, err
	}
	if app.PendingDeletion() {
		return nil, problems.New(problems.AppPendingDeletion)
	}
	now := s.now().UTC()
	now2 := now
	if ok, err := s.canDeleteNow(ctx, app); err != nil {
		return nil, err
	} else if ok {
		if err := s.deleteNow(ctx, app); err != nil {
			return nil, err
		}
		return &Deletion{Message: "The application has been deleted.", IsDeleted: true, DeleteAt: &now2, AdminEmails: app.AdminEmails}, nil
	}
	at := now.AddDate(0, 1, 0)
	marked := events.About(id, id, events.APIManagementAppMarkedForDeletion, "Application marked for deletion.")
	marked.PerformedBy = deletedBy
	err = s.apply(ctx, id, func(ctx context.Context) error {
		if _, err := s.store.setLocked(ctx, id, "", true, now); err != nil {
			return err
		}
		if err := s.store.setDeleteAt(ctx, id, &at); err != nil {
			return err
		}
		return s.record(ctx, marked)
	})
	if err != nil {
		return nil, err
	}
	return &Deletion{Message: "The application has been scheduled for deletion; its API keys are locked.",
		DeleteAt: &at, AdminEmails: app.AdminEmails}, nil
}

// CancelDelete unlocks the keys and clears the deletion date.
func (s *Service) CancelDelete(ctx context.Context, id string) error {
	return s.setFrozen(ctx, id, false, events.About(id, id, events.APIManagementAppDeletionCancelled, "Application deletion cancelled."))
}

// Delete removes an application whose scheduled deletion date has passed.
func (s *Service) Delete(ctx context.Context, id string) (*Deletion, error) {
	app, err := s.mustApp(ctx, id)
	if err != nil {
		return nil, err
	}
	if app.DeleteAt == nil {
		return nil, problems.Titled(problems.AppNotPendingDeletion, "App was not scheduled for deletion.")
	}
	if app.DeleteAt.After(s.now()) {
		return nil, problems.New(problems.AppNotPendingDeletion)
	}
	if err := s.deleteNow(ctx, app); err != nil {
		return nil, err
	}
	return &Deletion{Message: "The application has been deleted.", IsDeleted: true, DeleteAt: app.DeleteAt, AdminEmails: app.AdminEmails}, nil
}

// PendingDeletion lists the applications whose deletion date has passed.
func (s *Service) PendingDeletion(ctx context.Context) ([]string, error) {
	ids, err := s.store.pendingDeletion(ctx, s.now().UTC())
	if ids == nil {
		ids = []string{}
	}
	return ids, err
}

// DeletionHook runs in the transaction that deletes app, before its rows
// go: an error undoes the deletion. app.DeleteAt is set when a scheduled
// deletion is carried out, nil when the application is deleted at once.
type DeletionHook func(ctx context.Context, app *App) error

// OnDelete registers hook for every deletion of an application, at once
// (MarkDelete) or scheduled (Delete, what the deletion job calls), so a
// package above tenants (the console's organization log) learns of it
// without tenants knowing that package. Register hooks before serving.
func (s *Service) OnDelete(hook DeletionHook) { s.onDelete = append(s.onDelete, hook) }

// deleteNow removes app and its data, running the deletion hooks in the
// same transaction.
func (s *Service) deleteNow(ctx context.Context, app *App) error {
	if err := s.CheckChangeable(ctx, app.ID); err != nil {
		return err
	}
	err := s.store.inTx(ctx, func(ctx context.Context) error {
		for _, hook := range s.onDelete {
			if err := hook(ctx, app); err != nil {
				return err
			}
		}
		return s.store.deleteApp(ctx, app.ID)
	})
	if err != nil {
		return err
	}
	s.changed(ctx, app.ID)
	return nil
}
