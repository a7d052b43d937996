package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"passwordless/server"
)

// orgsCreateEnv is what orgs create reads: the database, the token secret
// that signs the owner's link, and the address the link starts with.
var orgsCreateEnv = envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "PUBLIC_URL", "LOG_LEVEL")

// createdOrgView is what orgs create prints: the organization, its owner
// and the owner's one-time sign-in link.
type createdOrgView struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	OwnerID    string    `json:"ownerId"`
	OwnerEmail string    `json:"ownerEmail"`
	SigninLink string    `json:"signinLink"`
	ExpiresAt  time.Time `json:"signinLinkExpiresAt"`
}

// orgsCreateCommand is `orgs create`: the organization and its owner are
// created through the orgs service, under the console's rules and with its
// audit events (performed by "CLI"); the owner gets a one-time sign-in
// link, since they have no passkey yet.
func (c *cli) orgsCreateCommand() *cobra.Command {
	var name, owner string
	var asJSON bool
	cmd := c.configCommand("create --name NAME --owner EMAIL [--json]",
		"Create an organization and its owner, and print a one-time link (valid 1 hour) that signs the owner in to add a passkey.",
		orgsCreateEnv, func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "the organization's name (one line, at most 100 characters)")
			fs.StringVar(&owner, "owner", "", "the owner's e-mail address (not yet an admin of any organization)")
			jsonFlag(fs, &asJSON)
		},
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			if !cmd.Flags().Changed("name") || !cmd.Flags().Changed("owner") {
				return errors.New("orgs create needs --name and --owner (see 'passwordless orgs create --help')")
			}
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				org, admin, err := srv.Orgs.CreateOrg(ctx, name, owner)
				if err != nil {
					return err
				}
				link, exp, err := srv.Orgs.OwnerSigninLink(ctx, srv.Tokens, admin.ID)
				if err != nil {
					return fmt.Errorf("organization %s created, but no sign-in link for its owner (they can ask for one on the console's sign-in page): %w", org.ID, err)
				}
				v := createdOrgView{ID: org.ID, Name: org.Name, OwnerID: admin.ID, OwnerEmail: admin.Email,
					SigninLink: link, ExpiresAt: exp.UTC()}
				if asJSON {
					return writeJSON(c.stdout, v)
				}
				_, err = fmt.Fprintf(c.stdout, "Organization %q created (id %s), owner %s.\n"+
					"Give the owner this one-time link; within 1 hour it signs them in to the console, "+
					"where they add a passkey on their profile page:\n%s\n", v.Name, v.ID, v.OwnerEmail, v.SigninLink)
				return err
			})
		})
	cmd.Args = cobra.NoArgs
	return cmd
}
