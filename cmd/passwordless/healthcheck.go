package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// healthcheck is the container HEALTHCHECK: the distroless image has no
// shell or curl, so the binary probes its own /health/http.
//
//	passwordless healthcheck [--url URL] [--timeout 3s]
//
// Without --url it asks the local server on the port of LISTEN_ADDR.
// It exits 0 only when the answer is 200 "Healthy".
func (c *cli) healthcheckCommand() *cobra.Command {
	fs, target, timeout := healthcheckFlags()
	cmd := &cobra.Command{Use: "healthcheck [--url URL] [--timeout 3s]", Args: cobra.NoArgs,
		Short:       "Probe a server's /health/http; exit 0 only when it answers 200 Healthy (the container HEALTHCHECK).",
		Annotations: map[string]string{"env": envText(envNamed("LISTEN_ADDR"))},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return healthcheck(cmd.Context(), c.getenv, *target, *timeout, c.stdout)
		}}
	cmd.Flags().AddGoFlagSet(fs)
	return cmd
}

func healthcheck(ctx context.Context, getenv func(string) string, target string, timeout time.Duration, stdout io.Writer) error {
	if target == "" {
		u, err := localHealthURL(getenv("LISTEN_ADDR"))
		if err != nil {
			return err
		}
		target = u
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return probe(ctx, target, stdout)
}

// localHealthURL turns a listen address into the URL of /health/http on
// the loopback interface: a wildcard host (":8080", "0.0.0.0:8080") is
// reached through 127.0.0.1.
// healthcheckFlags is the flag set of healthcheck.
func healthcheckFlags() (*flag.FlagSet, *string, *time.Duration) {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	target := fs.String("url", "", "URL to probe (default: /health/http on the port of LISTEN_ADDR)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	return fs, target, timeout
}

func localHealthURL(listen string) (string, error) {
	if listen == "" {
		listen = ":8080"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("healthcheck: LISTEN_ADDR %q is not host:port", listen)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/health/http", nil
}

func probe(ctx context.Context, url string, stdout io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	text := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK || text != "Healthy" {
		return errors.New("healthcheck: " + url + " answered " + resp.Status + ": " + text)
	}
	fmt.Fprintln(stdout, text)
	return nil
}
