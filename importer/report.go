package importer

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
)

// The tables an import reads, by their upstream names.
const (
	TableApplications = "AccountInfo"
	TableAPIKeys      = "ApiKeys"
	TableCredentials  = "Credentials"
	TableAliases      = "Aliases"
	TableConfigs      = "AuthenticationConfigurations"
	TableEvents       = "ApplicationEvents"
	TableAllowLists   = "Authenticators"
)

var imported = []string{TableApplications, TableAPIKeys, TableCredentials, TableAliases, TableConfigs, TableEvents, TableAllowLists}

// ignored are upstream tables an import leaves behind, and why.
var ignored = []struct{ table, why string }{
	{"TokenKeys", "token signing keys: tokens live minutes, new ones are signed here"},
	{"DispatchedEmails", "magic-link quota history"},
	{"PeriodicCredentialReports", "daily report rows: rebuilt by this server"},
	{"PeriodicActiveUserReports", "daily report rows: rebuilt by this server"},
}

// Counts are the rows of one table: read from the source, created here
// and skipped because they exist already.
type Counts struct {
	Source  int `json:"source"`
	Created int `json:"created"`
	Skipped int `json:"skipped"`
}

// Report is what an import did, or in a dry run would do.
type Report struct {
	DryRun bool `json:"dryRun"`
	// Tables are the counts per imported table (upstream names).
	Tables map[string]*Counts `json:"tables"`
	// Unknown counts events of a type this server does not know, left out.
	Unknown int `json:"unknownEvents"`
	// Ignored counts the rows of the upstream tables not imported.
	Ignored map[string]int `json:"notImported"`
	// Foreign lists the applications left out because an application of
	// the same id, created here rather than by an import of this source,
	// exists.
	Foreign []string `json:"conflictingApps"`
}

func newReport(dryRun bool) *Report {
	r := &Report{DryRun: dryRun, Tables: map[string]*Counts{}, Ignored: map[string]int{}}
	for _, t := range imported {
		r.Tables[t] = &Counts{}
	}
	return r
}

func (r *Report) add(table string, source, created int) {
	c := r.Tables[table]
	c.Source += source
	c.Created += created
	c.Skipped += source - created
}

func (r *Report) merge(o *Report) {
	for t, c := range o.Tables {
		r.add(t, c.Source, c.Created)
	}
	r.Unknown += o.Unknown
	r.Foreign = append(r.Foreign, o.Foreign...)
}

func (r *Report) countIgnored(ctx context.Context, src *Source) error {
	for _, t := range ignored {
		n, err := src.count(ctx, t.table)
		if err != nil {
			return err
		}
		r.Ignored[t.table] = n
	}
	return nil
}

// Changed reports whether the import created anything.
func (r *Report) Changed() bool {
	for _, c := range r.Tables {
		if c.Created > 0 {
			return true
		}
	}
	return false
}

// Write prints the report as a table for people.
func (r *Report) Write(w io.Writer) error {
	verb := "created"
	if r.DryRun {
		verb = "would create"
		fmt.Fprintln(w, "Dry run: nothing was written.")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "table\tsource\t%s\tskipped (exist)\t\n", verb)
	for _, t := range imported {
		c := r.Tables[t]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", t, c.Source, c.Created, c.Skipped)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, id := range r.Foreign {
		fmt.Fprintf(w, "Left out: application %s exists here and is not the imported one (another creation date); nothing of it was imported.\n", id)
	}
	if r.Unknown > 0 {
		fmt.Fprintf(w, "%d events of types this server does not know were left out.\n", r.Unknown)
	}
	for _, t := range ignored {
		if n := r.Ignored[t.table]; n > 0 {
			fmt.Fprintf(w, "Not imported: %d rows of %s (%s).\n", n, t.table, t.why)
		}
	}
	return nil
}
