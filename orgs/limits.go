package orgs

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"passwordless/problems"
)

// Limits bound what one organization can make the service do on its own
// word: every invitation is an e-mail to an address the owner typed, and
// every application is a tenant of the hosted API. An owner (or a stolen
// session) must not turn the console into a mailer or an app factory.
type Limits struct {
	// InvitesPerDay is how many invitations an organization may send in
	// any 24 hours (revoked ones count: their mail went out).
	InvitesPerDay int
	// AppsPerOrg is how many applications an organization may own.
	AppsPerOrg int
	// SignupDisabled turns self sign-up off (CONSOLE_SIGNUP=off): then
	// only a setup link or an invitation brings a new admin.
	SignupDisabled bool
}

// Defaults of Limits (CONSOLE_INVITES_PER_DAY, CONSOLE_APPS_PER_ORG).
const (
	DefaultInvitesPerDay = 20
	DefaultAppsPerOrg    = 10
	// inviteWindow is the sliding window InvitesPerDay counts over.
	inviteWindow = 24 * time.Hour
	// maxNameRunes bounds an organization's name.
	maxNameRunes = 100
)

// withDefaults fills the unset limits with their defaults.
func (l Limits) withDefaults() Limits {
	if l.InvitesPerDay <= 0 {
		l.InvitesPerDay = DefaultInvitesPerDay
	}
	if l.AppsPerOrg <= 0 {
		l.AppsPerOrg = DefaultAppsPerOrg
	}
	return l
}

func errInviteLimit(n int) error {
	return problems.Titled(problems.RateLimited, "%s", fmt.Sprintf("This organization has sent %d invitations in the last "+
		"24 hours, the most it may send in a day. Try again tomorrow, or revoke an invitation nobody needs.", n))
}

func errAppLimit(n int) error {
	return problems.Titled(problems.InvalidArgument, "%s", fmt.Sprintf("This organization has %d applications, "+
		"the most it may have. Delete one it no longer uses before creating another.", n))
}

// validName checks an organization's name: one line of clean text (the
// API's text rule, and no control or format characters: a CR/LF or a BEL
// in a name ends up in every page, event and e-mail that shows it).
func validName(field, name string) error {
	if !problems.CleanText(name) {
		return problems.BadText(field)
	}
	if name == "" || utf8.RuneCountInString(name) > maxNameRunes {
		return problems.Validation(field, "Name the organization (at most 100 characters).")
	}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return problems.Validation(field, "The name must be one line of text, without control characters.")
	}
	return nil
}

// quotedName is an organization's name as an e-mail body shows it:
// quoted, any control or format character (names stored before the rule)
// shown as U+FFFD, so the tenant's text can neither start a line of its
// own nor pass for the service's words.
func quotedName(name string) string {
	clean := strings.Map(func(r rune) rune {
		if r == 0 || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	if utf8.RuneCountInString(clean) > maxNameRunes {
		clean = string([]rune(clean)[:maxNameRunes]) + "…"
	}
	return "“" + clean + "”"
}
