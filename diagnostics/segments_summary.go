package diagnostics

import (
	"context"
	"sort"
	"strings"
	"time"

	"passwordless/events"
	"passwordless/problems"
)

// GroupBy names the segment dimension of a SegmentSummary.
const (
	GroupByPlatform = "platform"
	GroupByBrowser  = "browser"
	GroupByProvider = "provider"
)

// SegmentSummary answers GET /diagnostics/summary: the KPIs of a period
// and its ceremonies per segment, worst first, and per day.
type SegmentSummary struct {
	From, To, GroupBy string
	SignIns           SignIns
	// PasskeyLoginRate is SignIns.Passkey ÷ SignIns.Total; nil without
	// sign-ins.
	PasskeyLoginRate *float64
	// UsersSignedIn are the distinct users with a verified sign-in in the
	// period; UsersWithPasskey those of them holding a passkey now.
	UsersSignedIn, UsersWithPasskey int64
	EnrollmentRate                  *float64
	Segments                        []SegmentStats
	Days                            []DayStats
}

// SignIns are the sign-ins verified through /signin/verify, by method.
type SignIns struct {
	Total, Passkey, MagicLink, Other int64
}

// SegmentStats are the ceremonies of one segment. Abandoned are those
// begun and neither completed nor reported failed; SuccessRate is
// Completed ÷ max(Begun, Completed + Failed), nil when there are none.
type SegmentStats struct {
	Segment                             string
	Begun, Completed, Failed, Abandoned int64
	SuccessRate                         *float64
	Failures                            []CodeCount
}

// CodeCount is the number of failures with one errorCode.
type CodeCount struct {
	ErrorCode string
	Count     int64
}

// DayStats are one day's sign-ins and segments.
type DayStats struct {
	Day      string
	SignIns  SignIns
	Segments []SegmentStats
}

// SegmentSummary returns the tenant's KPIs over from..to (yyyy-MM-dd,
// inclusive; empty to is today, empty from 29 days before to), grouped by
// groupBy (GroupByPlatform when empty), after flushing this instance's
// pending counts.
func (s *Segments) SegmentSummary(ctx context.Context, tenant, from, to, groupBy string) (SegmentSummary, error) {
	if groupBy == "" {
		groupBy = GroupByPlatform
	}
	if groupBy != GroupByPlatform && groupBy != GroupByBrowser && groupBy != GroupByProvider {
		return SegmentSummary{}, problems.Validation("groupBy", "The field GroupBy must be 'platform', 'browser' or 'provider'.")
	}
	from, to, err := dayRangeOf(s.o.Now(), from, to)
	if err != nil {
		return SegmentSummary{}, err
	}
	if err := s.Flush(ctx); err != nil {
		return SegmentSummary{}, err
	}
	rows, err := s.o.Store.segments(ctx, tenant, from, to)
	if err != nil {
		return SegmentSummary{}, err
	}
	out := SegmentSummary{From: from, To: to, GroupBy: groupBy}
	out.UsersSignedIn, out.UsersWithPasskey, err = s.o.Store.enrollment(ctx, tenant, from, to)
	if err != nil {
		return SegmentSummary{}, err
	}
	out.EnrollmentRate = ratio(out.UsersWithPasskey, out.UsersSignedIn)
	all := newSegmentAgg(groupBy)
	days := map[string]*segmentAgg{}
	var order []string
	for _, r := range rows {
		d, ok := days[r.Day]
		if !ok {
			d = newSegmentAgg(groupBy)
			days[r.Day] = d
			order = append(order, r.Day)
		}
		all.add(r)
		d.add(r)
	}
	out.SignIns = all.signIns
	out.PasskeyLoginRate = ratio(all.signIns.Passkey, all.signIns.Total)
	out.Segments = all.stats()
	sort.Strings(order)
	for _, day := range order {
		out.Days = append(out.Days, DayStats{Day: day, SignIns: days[day].signIns, Segments: days[day].stats()})
	}
	return out, nil
}

// segmentAgg sums rows into segments of one dimension.
type segmentAgg struct {
	groupBy string
	signIns SignIns
	by      map[string]*SegmentStats
	codes   map[string]map[string]int64
}

func newSegmentAgg(groupBy string) *segmentAgg {
	return &segmentAgg{groupBy: groupBy, by: map[string]*SegmentStats{}, codes: map[string]map[string]int64{}}
}

func (a *segmentAgg) add(r segmentRow) {
	if r.Kind == kindVerify {
		a.signIns.Total += r.Count
		switch strings.TrimPrefix(r.Outcome, outcomeVerified) {
		case MethodPasskey:
			a.signIns.Passkey += r.Count
		case MethodMagicLink:
			a.signIns.MagicLink += r.Count
		default:
			a.signIns.Other += r.Count
		}
		return
	}
	name := r.Platform
	switch a.groupBy {
	case GroupByBrowser:
		name = r.Browser
	case GroupByProvider:
		name = r.Provider
	}
	st, ok := a.by[name]
	if !ok {
		st = &SegmentStats{Segment: name, Failures: []CodeCount{}}
		a.by[name] = st
		a.codes[name] = map[string]int64{}
	}
	switch r.Outcome {
	case outcomeBegun:
		st.Begun += r.Count
	case outcomeCompleted:
		st.Completed += r.Count
	default:
		st.Failed += r.Count
		a.codes[name][r.Outcome] += r.Count
	}
}

// stats are the segments, worst success rate first (those without a rate
// last), then by most begun.
func (a *segmentAgg) stats() []SegmentStats {
	out := make([]SegmentStats, 0, len(a.by))
	for name, st := range a.by {
		if st.Begun <= 0 && st.Completed == 0 && st.Failed == 0 {
			continue // every ceremony begun here was moved to the provider that answered it
		}
		st.Begun = max(st.Begun, 0) // a move counted before its begin reached the database
		st.Abandoned = max(0, st.Begun-st.Completed-st.Failed)
		st.SuccessRate = ratio(st.Completed, max(st.Begun, st.Completed+st.Failed))
		for code, n := range a.codes[name] {
			st.Failures = append(st.Failures, CodeCount{ErrorCode: code, Count: n})
		}
		sort.Slice(st.Failures, func(i, j int) bool {
			fi, fj := st.Failures[i], st.Failures[j]
			return fi.Count > fj.Count || fi.Count == fj.Count && fi.ErrorCode < fj.ErrorCode
		})
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return worse(out[i], out[j]) })
	return out
}

func worse(a, b SegmentStats) bool {
	switch {
	case a.SuccessRate != nil && b.SuccessRate == nil:
		return true
	case a.SuccessRate == nil && b.SuccessRate != nil:
		return false
	case a.SuccessRate != nil && *a.SuccessRate != *b.SuccessRate:
		return *a.SuccessRate < *b.SuccessRate
	case a.Begun != b.Begun:
		return a.Begun > b.Begun
	}
	return a.Segment < b.Segment
}

func ratio(n, d int64) *float64 {
	if d <= 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// dayRangeOf validates a summary's range of days (see Service.Summary):
// the days are read by events.ParseDay, the one day parser of the API, the
// console and the reports; to defaults to today, from to 30 days before.
func dayRangeOf(now time.Time, from, to string) (string, string, error) {
	if to == "" {
		to = now.UTC().Format(events.DayLayout)
	}
	end, err := events.ParseDay("to", to)
	if err != nil {
		return "", "", err
	}
	if from == "" {
		from = end.AddDate(0, 0, -29).Format(events.DayLayout)
	}
	start, err := events.ParseDay("from", from)
	if err != nil {
		return "", "", err
	}
	if start.After(end) {
		return "", "", problems.Validation("from", "The date 'from' must not be after 'to'.")
	}
	if end.Sub(start) > maxSummaryDays*24*time.Hour {
		return "", "", problems.Validation("from", "A summary covers at most 366 days.")
	}
	return from, to, nil
}
