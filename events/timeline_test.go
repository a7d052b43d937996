package events

import (
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"passwordless/storage/storagetest"
)

func TestLog_TimelineIsOneUsersCeremoniesNewestFirst(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *gorm.DB) {
		l, clk := newTestLog(db, map[string]AppSettings{"app": {Enabled: true}, "other": {Enabled: true}})
		record := func(tenant, subject string, typ Type) {
			clk.now = clk.now.Add(time.Minute)
			if err := l.Record(t.Context(), About(tenant, subject, typ, typ.String())); err != nil {
				t.Fatal(err)
			}
		}
		record("app", "u1", APIAuthPasskeyRegistrationBegan)
		record("app", "u1", APIAuthPasskeyRegistrationCompleted)
		record("app", "u2", APIUserSignInCompleted)   // another user
		record("other", "u1", APIUserSignInCompleted) // another tenant's u1
		record("app", "u1", AdminAPIKeysEnumerated)   // not a ceremony
		record("app", "u1", APIUserSignInBegan)
		record("app", "u1", APIUserClientFailure)
		for _, tc := range []struct {
			name, tenant, user string
			limit              int
			want               []Type
		}{
			{"every ceremony newest first", "app", "u1", 10,
				[]Type{APIUserClientFailure, APIUserSignInBegan, APIAuthPasskeyRegistrationCompleted, APIAuthPasskeyRegistrationBegan}},
			{"the limit keeps the newest", "app", "u1", 2, []Type{APIUserClientFailure, APIUserSignInBegan}},
			{"another tenant's user of the same id", "other", "u1", 10, []Type{APIUserSignInCompleted}},
			{"a user without events", "app", "nobody", 10, nil},
			{"no user id", "app", "", 10, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := l.Timeline(t.Context(), tc.tenant, tc.user, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				var types []Type
				for _, e := range got {
					types = append(types, e.Type)
					if e.Tenant != tc.tenant || e.Subject != tc.user {
						t.Errorf("event of %s/%s in the timeline of %s/%s", e.Tenant, e.Subject, tc.tenant, tc.user)
					}
				}
				if !slices.Equal(types, tc.want) {
					t.Errorf("timeline %v, want %v", types, tc.want)
				}
			})
		}
	})
}
