package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"passwordless/problems"
	"passwordless/server"
	"passwordless/tenants"
)

// apps delete and apps features get|set call the tenants service as the
// management API's DELETE /admin/apps/{id} and POST /apps/features do.

// writeJSON writes v indented, for scripts.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (c *cli) appsDeleteCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("delete APPID [--json]",
		"Delete an application now when it is under 3 days old or has no passkeys; otherwise lock its keys and schedule the deletion a month ahead.",
		keysEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				d, err := srv.Tenants.MarkDelete(ctx, args[0], "CLI")
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(c.stdout, map[string]any{"message": d.Message, "isDeleted": d.IsDeleted,
						"deleteAt": d.DeleteAt, "adminEmails": d.AdminEmails})
				}
				_, err = fmt.Fprintln(c.stdout, d.Message)
				return err
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

// appsFeaturesCommand is the `apps features` group.
func (c *cli) appsFeaturesCommand() *cobra.Command {
	return group("features", "Show or change an application's features.", c.appsFeaturesGetCommand(), c.appsFeaturesSetCommand())
}

func (c *cli) appsFeaturesGetCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("get APPID [--json]", "Show an application's features.",
		keysEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				// App, not Features: an unknown application is an error
				// here, not upstream's default features.
				app, err := srv.Tenants.App(ctx, args[0])
				if err != nil {
					return err
				}
				if app == nil {
					return problems.New(problems.AppNotFound)
				}
				return writeFeatures(c.stdout, app.Features, asJSON)
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

// featureView is the features an operator sets from the CLI, named as the
// management API's JSON names them.
type featureView struct {
	EventLogging        bool     `json:"eventLoggingIsEnabled"`
	RetentionDays       int      `json:"eventLoggingRetentionPeriod"`
	MagicLinkQuota      int      `json:"magicLinkEmailMonthlyQuota"`
	SignInTokens        bool     `json:"signInTokenGenerationIsEnabled"`
	MagicLinks          bool     `json:"magicLinksEnabled"`
	AllowAttestation    bool     `json:"allowAttestation"`
	MaxUsers            *int64   `json:"maxUsers"`
	AllowedOrigins      []string `json:"allowedOrigins"`
	PromptSkipSignIns   int      `json:"passkeyPromptSkipSignIns"`
	PromptSkipDays      int      `json:"passkeyPromptSkipDays"`
	PasskeyKillSwitchOn bool     `json:"passkeyKillSwitch"`
}

func writeFeatures(w io.Writer, f tenants.Features, asJSON bool) error {
	v := featureView{EventLogging: f.EventLoggingEnabled, RetentionDays: f.EventLoggingRetentionDays,
		MagicLinkQuota: f.MagicLinkEmailMonthlyQuota, SignInTokens: f.GenerateSignInTokenEnabled, MagicLinks: f.MagicLinksEnabled,
		AllowAttestation: f.AllowAttestation, MaxUsers: f.MaxUsers, AllowedOrigins: f.AllowedOrigins,
		PromptSkipSignIns: f.PasskeyPromptSkipSignIns, PromptSkipDays: f.PasskeyPromptSkipDays, PasskeyKillSwitchOn: f.PasskeyRollout.KillSwitch}
	if v.AllowedOrigins == nil {
		v.AllowedOrigins = []string{}
	}
	if asJSON {
		return writeJSON(w, v)
	}
	maxUsers := "unlimited"
	if v.MaxUsers != nil {
		maxUsers = fmt.Sprint(*v.MaxUsers)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range [][2]string{
		{"event logging", fmt.Sprint(v.EventLogging)}, {"retention days", fmt.Sprint(v.RetentionDays)},
		{"magic-link e-mails per 30 days", fmt.Sprint(v.MagicLinkQuota)}, {"sign-in tokens", fmt.Sprint(v.SignInTokens)},
		{"magic links", fmt.Sprint(v.MagicLinks)}, {"attestation", fmt.Sprint(v.AllowAttestation)},
		{"max users", maxUsers}, {"allowed origins", strings.Join(v.AllowedOrigins, " ")},
		{"passkey prompt skip sign-ins", fmt.Sprint(v.PromptSkipSignIns)}, {"passkey prompt skip days", fmt.Sprint(v.PromptSkipDays)},
		{"passkey kill switch", fmt.Sprint(v.PasskeyKillSwitchOn)},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}

// featureFlags are the settable features; only the flags given change.
type featureFlags struct {
	retention, mailQuota    int
	signInTokens, magicLink bool
	origins                 string
}

func (c *cli) appsFeaturesSetCommand() *cobra.Command {
	var ff featureFlags
	cmd := c.configCommand("set APPID [--retention-days N] [--sign-in-tokens=BOOL] [--magic-links=BOOL] [--allowed-origins O,O] [--magic-link-email-quota N]",
		"Change an application's features as POST /apps/features does: only the flags given change, the others keep their value.",
		keysEnv, func(fs *flag.FlagSet) {
			fs.IntVar(&ff.retention, "retention-days", 0, "days the event log keeps (0-90)")
			fs.BoolVar(&ff.signInTokens, "sign-in-tokens", false, "allow POST /signin/generate-token")
			fs.BoolVar(&ff.magicLink, "magic-links", false, "allow magic links")
			fs.StringVar(&ff.origins, "allowed-origins", "", "comma-separated origins ceremonies may come from; empty allows any")
			fs.IntVar(&ff.mailQuota, "magic-link-email-quota", 0, "magic-link e-mails the application may send per 30 days (0 stops sending)")
		},
		func(cmd *cobra.Command, cfg Config, args []string) error {
			given := cmd.Flags().Changed
			ch, changes := ff.change(given)
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				// The quota is its own setting (the console's): set
				// first, so a refused quota changes nothing.
				if given("magic-link-email-quota") {
					if err := srv.Tenants.SetMagicLinkEmailQuota(ctx, args[0], ff.mailQuota); err != nil {
						return err
					}
				}
				if !changes && given("magic-link-email-quota") {
					return nil
				}
				err := srv.Tenants.SetAppFeatures(ctx, args[0], ch)
				if err != nil && given("magic-link-email-quota") {
					return fmt.Errorf("%w (the magic-link e-mail quota was changed already)", problemText(err))
				}
				return err
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

// change is the feature change of the flags given (the e-mail quota
// aside); false when there is none.
func (ff featureFlags) change(given func(string) bool) (ch tenants.AppFeatureChange, changes bool) {
	by := "CLI"
	ch.PerformedBy = &by
	if given("retention-days") {
		ch.RetentionDays, changes = &ff.retention, true
	}
	if given("sign-in-tokens") {
		ch.GenerateSignInToken, changes = &ff.signInTokens, true
	}
	if given("magic-links") {
		ch.MagicLinks, changes = &ff.magicLink, true
	}
	if given("allowed-origins") {
		origins := []string{}
		for _, o := range strings.Split(ff.origins, ",") {
			if o = strings.TrimSpace(o); o != "" {
				origins = append(origins, o)
			}
		}
		ch.AllowedOrigins, changes = &origins, true
	}
	return ch, changes
}

func (c *cli) appsListCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("list [--json]", "List every application: id, admin e-mails, creation and any scheduled deletion.",
		keysEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				apps, err := srv.Tenants.List(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(c.stdout, apps)
				}
				tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "APP ID\tCREATED\tDELETE AT\tADMINS")
				for _, a := range apps {
					del := ""
					if a.DeleteAt != nil {
						del = a.DeleteAt.UTC().Format(time.RFC3339)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.CreatedAt.Format(time.RFC3339), del, strings.Join(a.AdminEmails, ","))
				}
				return tw.Flush()
			})
		})
	cmd.Args = cobra.NoArgs
	return cmd
}
