package console

import (
	"net/http"
	"strconv"

	"passwordless/tenants"
)

// The families the rollout form switches, as diagnostics names them
// (segments_ua.go); a family not listed stays on.
var (
	rolloutPlatforms = []string{"windows", "macos", "ios", "android", "linux", "chromeos"}
	rolloutBrowsers  = []string{"chrome", "safari", "firefox", "edge", "samsung", "opera", "brave", "webview"}
)

// rolloutForm fills the settings page's "Passkey rollout" form from the
// stored rules.
type rolloutForm struct {
	KillSwitch bool
	Percentage string // blank is everyone
	// SuppressDays is how long a device that cannot use passkeys is not
	// prompted; blank is the default (tenants.DefaultSuppressDays).
	SuppressDays string
	Platforms    []familySwitch
	Browsers     []familySwitch
}

type familySwitch struct {
	Name string
	On   bool
}

func rolloutFormOf(r tenants.Rollout) rolloutForm {
	f := rolloutForm{KillSwitch: r.KillSwitch}
	if r.Percentage != nil {
		f.Percentage = strconv.Itoa(*r.Percentage)
	}
	if r.SuppressDays != nil {
		f.SuppressDays = strconv.Itoa(*r.SuppressDays)
	}
	for _, p := range rolloutPlatforms {
		f.Platforms = append(f.Platforms, familySwitch{p, !switchedOff(r.Platforms, p)})
	}
	for _, b := range rolloutBrowsers {
		f.Browsers = append(f.Browsers, familySwitch{b, !switchedOff(r.Browsers, b)})
	}
	return f
}

func switchedOff(m map[string]bool, family string) bool {
	on, ok := m[family]
	return ok && !on
}

// saveRollout applies the rollout form through the same tenants method as
// POST /apps/features' passkeyRollout and passkeyKillSwitch, so the change
// is checked and audited (AdminPasskeyRolloutChanged) as the API's is, with
// the admin as the actor. The failure-rate rule's settings, which the form
// does not show, are kept.
func (c *Console) saveRollout(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	app := c.loadApp(w, r)
	if app == nil {
		return nil
	}
	pct, err := formInt(r, "percentage", "The percentage must be a whole number from 0 to 100, or blank for everyone.")
	var days *int
	if err == nil {
		days, err = formInt(r, "suppressDays", "The days a device is not prompted must be a whole number from 1 to 365, or blank for 30.")
	}
	if err == nil {
		old := app.Features.PasskeyRollout
		rules := tenants.Rollout{Percentage: pct, MaxFailureRate: old.MaxFailureRate, MinCeremonies: old.MinCeremonies,
			SuppressDays: days, Platforms: offFamilies(r, "platform-", rolloutPlatforms), Browsers: offFamilies(r, "browser-", rolloutBrowsers)}
		kill := r.PostFormValue("killSwitch") == "on"
		err = c.o.Tenants.SetAppFeatures(r.Context(), app.ID, tenants.AppFeatureChange{
			PerformedBy: &s.admin.Email, PasskeyRollout: &rules, PasskeyKillSwitch: &kill})
	}
	c.afterSettings(w, r, s, err)
	return nil
}

// offFamilies are the families whose checkbox (prefix+name) is unticked,
// switched off; nil when every one is on.
func offFamilies(r *http.Request, prefix string, names []string) map[string]bool {
	var off map[string]bool
	for _, n := range names {
		if r.PostFormValue(prefix+n) != "on" {
			if off == nil {
				off = map[string]bool{}
			}
			off[n] = false
		}
	}
	return off
}
