package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"passwordless/events"
	"passwordless/problems"

	"github.com/spf13/cobra"
)

// passwordless events export --app APPID [--from DAY] [--to DAY] writes an
// application's event log to stdout as NDJSON, exactly as GET
// /events/export streams it: the same service, range rules and lines, for
// a SIEM that reads files or pipes rather than HTTP.
func (c *cli) eventsExportCommand() *cobra.Command {
	var app, from, to string
	cmd := c.configCommand("export --app APPID [--from DAY] [--to DAY]",
		"Write an application's event log to stdout as NDJSON, oldest first (what GET /events/export streams).",
		envNamed("DATABASE_URL", "DATA_DIR", "LOG_LEVEL"), func(fs *flag.FlagSet) { eventsExportFlags(fs, &app, &from, &to) },
		func(cmd *cobra.Command, cfg Config, _ []string) error {
			return eventsExport(cmd.Context(), cfg, c.logger(), c.stdout, app, from, to)
		})
	cmd.Args = cobra.NoArgs
	return cmd
}

// eventsExportFlags adds the export's own flags to fs.
func eventsExportFlags(fs *flag.FlagSet, app, from, to *string) {
	fs.StringVar(app, "app", "", "the application id (required)")
	fs.StringVar(from, "from", "", "first day, yyyy-MM-dd, included (default: the oldest event)")
	fs.StringVar(to, "to", "", "last day, yyyy-MM-dd, included (default: the newest event)")
}

func eventsExport(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer, app, from, to string) error {
	if app == "" {
		return errors.New("--app APPID is required (see 'passwordless events export --help')")
	}
	f, err := events.DayRange(from, to)
	if err != nil {
		return problemText(err)
	}
	srv, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	w := bufio.NewWriter(stdout)
	if err := srv.EventLog.Export(ctx, app, w, events.ExportOptions{Filter: f, Flush: w.Flush}); err != nil {
		return problemText(err)
	}
	return w.Flush()
}

// problemText is err as one line for a person: a problem's title and its
// field messages (which the API sends as members), anything else as is.
func problemText(err error) error {
	var p *problems.Error
	if !errors.As(err, &p) || p.Code == problems.InternalError {
		return err
	}
	e, _ := problems.Lookup(p.Code)
	msg := e.Title
	fields := make([]string, 0, len(p.Errors))
	for field := range p.Errors {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	for _, field := range fields {
		msg += " " + field + ": " + strings.Join(p.Errors[field], " ")
	}
	return fmt.Errorf("%s (%s)", msg, p.Code)
}
