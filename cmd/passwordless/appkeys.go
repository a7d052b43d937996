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

	"passwordless/events"
	"passwordless/server"
	"passwordless/tenants"
)

// apps keys list|create|lock|unlock act on an application's API keys
// through the tenants service, as the management API does: the same
// checks, the same audit events (performed by the CLI), the same cache
// invalidation between instances.

// keysEnv is what the key commands read.
var keysEnv = envNamed("DATABASE_URL", "TOKEN_SECRET", "DATA_DIR", "LOG_LEVEL")

// appsKeysCommand is the `apps keys` group.
func (c *cli) appsKeysCommand() *cobra.Command {
	return group("keys", "List, create, lock and unlock an application's API keys.",
		c.appsKeysListCommand(), c.appsKeysCreateCommand(),
		c.appsKeyLockCommand("lock", true), c.appsKeyLockCommand("unlock", false))
}

// withServices runs do on the services of cfg, as the CLI.
func (c *cli) withServices(ctx context.Context, cfg Config, do func(ctx context.Context, srv *server.Server) error) error {
	srv, err := openServices(ctx, cfg, c.logger())
	if err != nil {
		return err
	}
	defer srv.Close()
	return problemText(do(events.WithActor(ctx, events.CLI), srv))
}

func (c *cli) appsKeysListCommand() *cobra.Command {
	var asJSON bool
	cmd := c.configCommand("list APPID [--json]", "List an application's API keys (secrets only by their last 4 characters).",
		keysEnv, func(fs *flag.FlagSet) { jsonFlag(fs, &asJSON) },
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				keys, err := srv.Tenants.Keys(ctx, args[0])
				if err != nil {
					return err
				}
				return writeKeys(c.stdout, keys, asJSON)
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

// jsonFlag adds --json to fs.
func jsonFlag(fs *flag.FlagSet, on *bool) {
	fs.BoolVar(on, "json", false, "print JSON for scripts instead of a table")
}

// keyView is one key as the CLI shows it: never a secret's hash.
type keyView struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Key       string    `json:"apiKey,omitempty"`
	Scopes    []string  `json:"scopes"`
	Locked    bool      `json:"isLocked"`
	CreatedAt time.Time `json:"createdAt"`
}

func writeKeys(w io.Writer, keys []*tenants.APIKey, asJSON bool) error {
	views := make([]keyView, 0, len(keys))
	for _, k := range keys {
		v := keyView{ID: k.ID, Kind: "public", Key: k.PublicValue, Scopes: k.Scopes, Locked: k.IsLocked, CreatedAt: k.CreatedAt}
		if k.Kind == tenants.Secret {
			v.Kind, v.Key = "secret", ""
		}
		views = append(views, v)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSCOPES\tLOCKED\tCREATED\tKEY")
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\t%s\t%s\n", v.ID, v.Kind, strings.Join(v.Scopes, ","), v.Locked,
			v.CreatedAt.UTC().Format(time.RFC3339), v.Key)
	}
	return tw.Flush()
}

func (c *cli) appsKeysCreateCommand() *cobra.Command {
	var kind string
	cmd := c.configCommand("create APPID --kind public|secret", "Create an API key with every scope of its kind and print it (a secret is shown only once).",
		keysEnv, func(fs *flag.FlagSet) {
			fs.StringVar(&kind, "kind", "", "public (register, login) or secret (token_register, token_verify); required")
		},
		func(cmd *cobra.Command, cfg Config, args []string) error {
			k := map[string]tenants.KeyKind{"public": tenants.Public, "secret": tenants.Secret}[kind]
			if k == 0 {
				return fmt.Errorf("--kind must be public or secret, not %q (see '%s --help')", kind, cmd.CommandPath())
			}
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				value, err := srv.Tenants.CreateKey(ctx, args[0], k, []int{0, 1})
				if err == nil {
					_, err = fmt.Fprintln(c.stdout, value)
				}
				return err
			})
		})
	cmd.Args = cobra.ExactArgs(1)
	return cmd
}

func (c *cli) appsKeyLockCommand(verb string, locked bool) *cobra.Command {
	cmd := c.configCommand(verb+" APPID KEYID", strings.ToUpper(verb[:1])+verb[1:]+" an API key (KEYID: its last 4 characters, as 'apps keys list' shows).",
		keysEnv, nil,
		func(cmd *cobra.Command, cfg Config, args []string) error {
			return c.withServices(cmd.Context(), cfg, func(ctx context.Context, srv *server.Server) error {
				return srv.Tenants.SetKeyLocked(ctx, args[0], args[1], locked)
			})
		})
	cmd.Args = cobra.ExactArgs(2)
	return cmd
}
