package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"passwordless/problems"
	"passwordless/server"
)

// users list|delete --app APPID act on an application's users through the
// passkeys service, as GET /users/list and POST /users/delete do.

func (c *cli) usersCommand() *cobra.Command {
	return group("users", "List and delete an application's users (their passkeys and aliases).",
		c.usersListCommand(), c.usersDeleteCommand())
}

// withApp runs do on the services once app is known to exist: the API
// answers only for a real application, and so does the CLI.
func (c *cli) withApp(ctx context.Context, cfg Config, app string, do func(ctx context.Context, srv *server.Server) error) error {
	if app == "" {
		return fmt.Errorf("--app APPID is required")
	}
	return c.withServices(ctx, cfg, func(ctx context.Context, srv *server.Server) error {
		a, err := srv.Tenants.App(ctx, app)
		if err != nil {
			return err
		}
		if a == nil {
			return problems.New(problems.AppNotFound)
		}
		return do(ctx, srv)
	})
}

func (c *cli) usersListCommand() *cobra.Command {
	var app, after string
	var limit int
	var asJSON bool
	cmd := c.configCommand("list --app APPID [--after USERID] [--limit N] [--json]",
		"List an application's users with passkeys or aliases in user id order, one page (as GET /users/list).",
		keysEnv, func(fs *flag.FlagSet) {
			fs.StringVar(&app, "app", "", "the application id (required)")
			fs.StringVar(&after, "after", "", "list the users whose id sorts after this one (the last of the previous page)")
			fs.IntVar(&limit, "limit", 0, "users in the page (default and most: 1000)")
			jsonFlag(fs, &asJSON)
		},
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return c.withApp(cmd.Context(), cfg, app, func(ctx context.Context, srv *server.Server) error {
				if asJSON { // exactly the API's answer
					page, err := srv.Passkeys.UsersPage(ctx, app, after, limit)
					if err == nil {
						_, err = fmt.Fprintln(c.stdout, string(page))
					}
					return err
				}
				users, err := srv.Passkeys.Users(ctx, app, after, limit)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "USER ID\tPASSKEYS\tALIASES\tLAST USED")
				for _, u := range users {
					last := ""
					if u.LastUsedAt != nil {
						last = u.LastUsedAt.UTC().Format(time.RFC3339)
					}
					fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", u.UserID, u.CredentialsCount, u.AliasCount, last)
				}
				return tw.Flush()
			})
		})
	cmd.Args = cobra.NoArgs
	return cmd
}

func (c *cli) usersDeleteCommand() *cobra.Command {
	var app string
	cmd := c.configCommand("delete --app APPID USERID", "Delete a user's passkeys and aliases (as POST /users/delete; an unknown user is no error).",
		keysEnv, func(fs *flag.FlagSet) { fs.StringVar(&app, "app", "", "the application id (required)") },
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return c.withApp(cmd.Context(), cfg, app, func(ctx context.Context, srv *server.Server) error {
				return srv.Passkeys.DeleteUser(ctx, app, strings.TrimSpace(args[0]))
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}
