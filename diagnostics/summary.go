package diagnostics

import (
	"context"
	"sort"
	"strings"
	"time"

	"passwordless/events"
)

// maxSummaryDays bounds a summary's range.
const maxSummaryDays = 366

// DaySummary is the funnel of one day and ceremony.
type DaySummary struct {
	Day       string
	Ceremony  string
	Begun     int64
	Completed int64
	Failed    int64
	Failures  []FailureCount
}

// FailureCount is the number of reported failures of one errorCode on one
// platform, and of the distinct clients (addresses, IPv6 per /64) that
// reported them: a single client's burst raises Count, not Clients.
type FailureCount struct {
	ErrorCode string
	Platform  string
	Count     int64
	Clients   int64
}

// clientsPrefix marks the counters of distinct clients, kept in the same
// table as the failures they count: "_clients:passkey_not_allowed".
const clientsPrefix = "_clients:"

// Summary returns the tenant's funnel per day and ceremony over from..to
// (yyyy-MM-dd, inclusive; empty to is today, empty from is 29 days
// before to), after flushing this instance's pending counts.
func (s *Service) Summary(ctx context.Context, tenant, from, to string) ([]DaySummary, error) {
	from, to, err := s.summaryRange(from, to)
	if err != nil {
		return nil, err
	}
	if err := s.Flush(ctx); err != nil {
		return nil, err
	}
	rows, err := s.o.Store.counts(ctx, tenant, from, to)
	if err != nil {
		return nil, err
	}
	return summarize(rows), nil
}

func (s *Service) summaryRange(from, to string) (string, string, error) {
	return dayRangeOf(s.o.Now(), from, to)
}

func summarize(rows []counterRow) []DaySummary {
	byKey := map[[2]string]*DaySummary{}
	var keys [][2]string
	clients := map[[4]string]int64{}
	for _, r := range rows {
		if code, ok := strings.CutPrefix(r.ErrorCode, clientsPrefix); ok {
			clients[[4]string{r.Day, r.Ceremony, code, r.Platform}] += r.Count
			continue
		}
		k := [2]string{r.Day, r.Ceremony}
		d, ok := byKey[k]
		if !ok {
			d = &DaySummary{Day: r.Day, Ceremony: r.Ceremony, Failures: []FailureCount{}}
			byKey[k] = d
			keys = append(keys, k)
		}
		switch r.ErrorCode {
		case codeBegun:
			d.Begun += r.Count
		case codeCompleted:
			d.Completed += r.Count
		default:
			d.Failed += r.Count
			d.Failures = append(d.Failures, FailureCount{ErrorCode: r.ErrorCode, Platform: r.Platform, Count: r.Count})
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	out := make([]DaySummary, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
		for j, f := range out[i].Failures {
			out[i].Failures[j].Clients = clients[[4]string{k[0], k[1], f.ErrorCode, f.Platform}]
		}
	}
	return out
}

// Sample is one kept report: when, its classification, and the report's
// error with secrets removed (JSON).
type Sample struct {
	ReceivedAt time.Time
	ErrorCode  string
	Report     string
}

// Samples returns the tenant's kept reports, newest first (at most
// SampleSlots).
func (s *Service) Samples(ctx context.Context, tenant string) ([]Sample, error) {
	rows, err := s.o.Store.samples(ctx, tenant)
	if err != nil {
		return nil, err
	}
	out := make([]Sample, len(rows))
	for i, r := range rows {
		out[i] = Sample{ReceivedAt: r.ReceivedAt.UTC(), ErrorCode: r.ErrorCode, Report: r.Report}
	}
	return out, nil
}

// CounterRetentionDays is how long daily counters are kept: a summary
// covers at most maxSummaryDays, and a little more is kept for late readers.
const CounterRetentionDays = 400

// Purge deletes the counters older than CounterRetentionDays, the
// ceremony failures no backend confirmed within recentFailure and the
// expired device suppressions, for every tenant (an hourly job).
func (s *Service) Purge(ctx context.Context) (int64, error) {
	now := s.o.Now().UTC()
	n, err := s.o.Store.deleteCountsBefore(ctx, now.AddDate(0, 0, -CounterRetentionDays).Format(events.DayLayout))
	if err != nil {
		return n, err
	}
	m, err := s.o.Store.purgePromptState(ctx, now.Add(-recentFailure), now)
	return n + m, err
}
