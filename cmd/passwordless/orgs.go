package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"passwordless/server"
)

// orgsCommand is the `orgs` group: the admin console's organizations
// (orgs create is in orgs_create.go).
func (c *cli) orgsCommand() *cobra.Command {
	return group("orgs", "List or create the admin console's organizations.", c.orgsListCommand(), c.orgsCreateCommand())
}

// orgView is one organization with its applications.
type orgView struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	Apps      []string  `json:"apps"`
}

func (c *cli) orgsListCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("list [--json]", "List every console organization, oldest first, with its applications.",
		keysEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				orgs, err := srv.Orgs.List(ctx)
				if err != nil {
					return err
				}
				views := make([]orgView, 0, len(orgs))
				for _, o := range orgs {
					apps, err := srv.Orgs.Apps(ctx, o.ID)
					if err != nil {
						return err
					}
					views = append(views, orgView{ID: o.ID, Name: o.Name, CreatedAt: o.CreatedAt.UTC(), Apps: append([]string{}, apps...)})
				}
				if asJSON {
					return writeJSON(c.stdout, views)
				}
				tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tCREATED\tAPPS")
				for _, v := range views {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", v.ID, v.Name, v.CreatedAt.Format(time.RFC3339), strings.Join(v.Apps, ","))
				}
				return tw.Flush()
			})
		})
	cmd.Args = cobra.NoArgs
	return cmd
}
