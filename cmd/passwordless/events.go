package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"passwordless/events"
	"passwordless/problems"
)

// passwordless events export --app APPID [--from DAY] [--to DAY] writes an
// application's event log to stdout as NDJSON, exactly as GET
// /events/export streams it: the same service, range rules and lines, for
// a SIEM that reads files or pipes rather than HTTP.
func init() { extraCommands["events"] = eventsCommand }

// eventsExportFlags adds the export's own flags to fs.
func eventsExportFlags(fs *flag.FlagSet, app, from, to *string) {
	fs.StringVar(app, "app", "", "the application id (required)")
	fs.StringVar(from, "from", "", "first day, yyyy-MM-dd, included (default: the oldest event)")
	fs.StringVar(to, "to", "", "last day, yyyy-MM-dd, included (default: the newest event)")
}

func eventsCommand(ctx context.Context, args []string, stdout io.Writer) error {
	for _, a := range args {
		if isHelp(a) {
			return flag.ErrHelp
		}
	}
	if len(args) < 1 || args[0] != "export" {
		return errors.New("usage: passwordless events export --app APPID [--from DAY] [--to DAY] (see 'passwordless events export --help')")
	}
	var app, from, to string
	cfg, rest, err := loadConfigWith(args[1:], os.Getenv, func(fs *flag.FlagSet) { eventsExportFlags(fs, &app, &from, &to) })
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %v", rest)
	}
	if app == "" {
		return errors.New("flags: --app APPID is required")
	}
	f, err := events.DayRange(from, to)
	if err != nil {
		return problemText(err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel(os.Getenv("LOG_LEVEL"))}))
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
