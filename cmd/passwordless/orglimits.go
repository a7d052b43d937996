package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"passwordless/orgs"
)

// orgLimits are the console organizations' limits as configured.
type orgLimits = orgs.Limits

// loadOrgLimits reads the console organizations' abuse limits:
// CONSOLE_INVITES_PER_DAY and CONSOLE_APPS_PER_ORG, whole numbers from 1;
// unset keeps the defaults (orgs.DefaultInvitesPerDay, DefaultAppsPerOrg).
// CONSOLE_SIGNUP (on or off; unset is on) switches self sign-up.
func loadOrgLimits(getenv func(string) string) (orgs.Limits, error) {
	l := orgs.Limits{InvitesPerDay: orgs.DefaultInvitesPerDay, AppsPerOrg: orgs.DefaultAppsPerOrg}
	var errs []error
	for _, v := range []struct {
		name string
		dst  *int
	}{{"CONSOLE_INVITES_PER_DAY", &l.InvitesPerDay}, {"CONSOLE_APPS_PER_ORG", &l.AppsPerOrg}} {
		raw := getenv(v.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("%s must be a whole number from 1", v.name))
			continue
		}
		*v.dst = n
	}
	switch strings.ToLower(getenv("CONSOLE_SIGNUP")) {
	case "", "on":
	case "off":
		l.SignupDisabled = true
	default:
		errs = append(errs, errors.New("CONSOLE_SIGNUP must be on or off"))
	}
	return l, errors.Join(errs...)
}
