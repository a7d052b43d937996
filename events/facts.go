package events

import "context"

// Facts are what a change run by Recorder.Apply found out and a recorder
// decorating the event log needs, handed over through the context so the
// recorder does not ask the database again inside the transaction.
type Facts struct {
	// FirstPasskey: the registration stored the user's first passkey
	// (the webhooks' user.created).
	FirstPasskey bool
}

type factsKey struct{}

// WithFacts returns a context whose change can fill the returned Facts.
func WithFacts(ctx context.Context) (context.Context, *Facts) {
	f := &Facts{}
	return context.WithValue(ctx, factsKey{}, f), f
}

// FactsFrom returns the Facts a recorder placed in ctx, nil when none: a
// change sets what it learned only when someone listens.
func FactsFrom(ctx context.Context) *Facts {
	f, _ := ctx.Value(factsKey{}).(*Facts)
	return f
}
