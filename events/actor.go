package events

import "context"

// Actor is who performed an action: the API key of an HTTP call, a console
// admin, or the command line. The api middleware (and the CLI, and the
// console) put it in the request's context once; services read it when
// they record, so no handler passes it along.
type Actor struct {
	// APIKeyID is the id (last four characters) of the key used.
	APIKeyID string
	// Name is the performedBy of the event: an admin's e-mail, "CLI", or
	// the performedBy a backend sent. Blank is "Unknown User".
	Name string
}

// CLI is the actor of the command line.
var CLI = Actor{Name: "CLI"}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, zero when none was set.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// PerformedBy returns ctx with the actor's Name set to name when name is
// not blank: a backend's own performedBy (auth configurations, features)
// names the person behind the key.
func PerformedBy(ctx context.Context, name string) context.Context {
	if name == "" {
		return ctx
	}
	a := ActorFrom(ctx)
	a.Name = name
	return WithActor(ctx, a)
}
