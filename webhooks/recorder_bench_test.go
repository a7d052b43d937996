package webhooks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"passwordless/events"
	"passwordless/internal/clocktest"
	"passwordless/storage/storagetest"
)

// BenchmarkRecorderApply is what the Recorder adds to a registration's
// transaction on SQLite (an empty change; the event log discarded):
// nothing without an endpoint, its outbox row with one endpoint
// subscribed to credential.created and user.created (docs/webhooks.md,
// Cost).
func BenchmarkRecorderApply(b *testing.B) {
	for _, endpoints := range []int{0, 1} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			db := storagetest.SQLite(b)
			svc, err := New(Options{DB: db, TokenSecret: []byte("test-token-secret-0123456789abcdef"), AllowPrivate: true,
				Now: clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)).Now})
			if err != nil {
				b.Fatal(err)
			}
			for range endpoints {
				_, err := svc.Add(context.Background(), "app",
					AddRequest{URL: "http://127.0.0.1:1/in", Events: []string{CredentialCreated, UserCreated}})
				if err != nil {
					b.Fatal(err)
				}
			}
			rec := svc.Recorder(events.Discard{})
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				e := events.About("app", fmt.Sprintf("u%d", i), events.APIAuthPasskeyRegistrationCompleted, "Registered.")
				err := rec.Apply(context.Background(), e, func(ctx context.Context) error {
					return svc.store.inTx(ctx, func(ctx context.Context) error {
						if f := events.FactsFrom(ctx); f != nil {
							f.FirstPasskey = true // the user's first passkey: both messages
						}
						return nil
					})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
