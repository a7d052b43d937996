package main

import (
	"strings"
	"testing"

	"passwordless/orgs"
)

func TestLoadConfig_OrgLimits(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    orgs.Limits
		wantErr string
	}{
		{name: "defaults", want: orgs.Limits{InvitesPerDay: 20, AppsPerOrg: 10}},
		{name: "set", env: map[string]string{"CONSOLE_INVITES_PER_DAY": "5", "CONSOLE_APPS_PER_ORG": "50"},
			want: orgs.Limits{InvitesPerDay: 5, AppsPerOrg: 50}},
		{name: "zero is refused", env: map[string]string{"CONSOLE_INVITES_PER_DAY": "0"}, wantErr: "CONSOLE_INVITES_PER_DAY"},
		{name: "not a number", env: map[string]string{"CONSOLE_APPS_PER_ORG": "many"}, wantErr: "CONSOLE_APPS_PER_ORG"},
		{name: "sign-up on", env: map[string]string{"CONSOLE_SIGNUP": "on"}, want: orgs.Limits{InvitesPerDay: 20, AppsPerOrg: 10}},
		{name: "sign-up off", env: map[string]string{"CONSOLE_SIGNUP": "OFF"},
			want: orgs.Limits{InvitesPerDay: 20, AppsPerOrg: 10, SignupDisabled: true}},
		{name: "sign-up neither on nor off is refused", env: map[string]string{"CONSOLE_SIGNUP": "no"}, wantErr: "CONSOLE_SIGNUP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(nil, func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || cfg.OrgLimits != tt.want {
				t.Errorf("OrgLimits = %+v, %v; want %+v", cfg.OrgLimits, err, tt.want)
			}
		})
	}
}
