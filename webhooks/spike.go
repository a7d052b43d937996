package webhooks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
)

// CeremonyDay is one day of one ceremony in the passkey-intelligence
// counters: ceremonies begun and reported failures by errorCode.
type CeremonyDay struct {
	Begun    int64
	Failures map[string]int64
}

// DayCounts returns tenant's counters of day (yyyy-MM-dd) by ceremony.
type DayCounts func(ctx context.Context, tenant, day string) (map[string]CeremonyDay, error)

// minSpikeFailures is how many failures of one errorCode a day needs
// before its share can be called a spike.
const minSpikeFailures = 10

// spike is an errorCode whose share of a ceremony at least doubled.
type spike struct {
	ceremony, code  string
	share, previous float64
	failures, begun int64
}

// spikes compares day with the day before: an errorCode whose share of
// the ceremonies begun at least doubled, with minSpikeFailures or more.
func spikes(day, before map[string]CeremonyDay) []spike {
	var out []spike
	for ceremony, d := range day {
		if d.Begun <= 0 {
			continue
		}
		b := before[ceremony]
		for code, n := range d.Failures {
			share := float64(n) / float64(d.Begun)
			prev := 0.0
			if b.Begun > 0 {
				prev = float64(b.Failures[code]) / float64(b.Begun)
			}
			if n >= minSpikeFailures && share >= 2*prev {
				out = append(out, spike{ceremony: ceremony, code: code, share: share, previous: prev, failures: n, begun: d.Begun})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ceremony+out[i].code < out[j].ceremony+out[j].code })
	return out
}

// CheckSpikes sends passkey.failure_spike, for yesterday (UTC) against the
// day before, to every endpoint subscribed to it. It is idempotent: each
// spike is queued once per endpoint however often it runs (an hourly
// job). It returns how many messages it queued.
func (s *Service) CheckSpikes(ctx context.Context, counts DayCounts) (int64, error) {
	eps, err := s.store.subscribersOf(ctx, FailureSpike)
	if err != nil {
		return 0, err
	}
	byTenant := map[string][]endpointRow{}
	for _, ep := range eps {
		byTenant[ep.Tenant] = append(byTenant[ep.Tenant], ep)
	}
	today := s.now().UTC()
	day, before := today.AddDate(0, 0, -1).Format("2006-01-02"), today.AddDate(0, 0, -2).Format("2006-01-02")
	var queued int64
	for tenant, to := range byTenant {
		d, err := counts(ctx, tenant, day)
		if err != nil {
			return queued, err
		}
		b, err := counts(ctx, tenant, before)
		if err != nil {
			return queued, err
		}
		for _, sp := range spikes(d, b) {
			n, err := s.queueSpike(ctx, tenant, day, sp, to)
			queued += n
			if err != nil {
				return queued, err
			}
		}
	}
	return queued, nil
}

// queueSpike writes one spike's messages, with ids derived from what they
// report so that a second run adds nothing.
func (s *Service) queueSpike(ctx context.Context, tenant, day string, sp spike, to []endpointRow) (int64, error) {
	pct := func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) }
	rows, err := s.messages(tenant, FailureSpike, map[string]string{"appId": tenant, "day": day,
		"ceremony": sp.ceremony, "errorCode": sp.code, "failures": strconv.FormatInt(sp.failures, 10),
		"ceremonies": strconv.FormatInt(sp.begun, 10), "sharePercent": pct(sp.share),
		"previousSharePercent": pct(sp.previous)}, to)
	if err != nil {
		return 0, err
	}
	for i := range rows {
		sum := sha256.Sum256([]byte(day + "\x00" + sp.ceremony + "\x00" + sp.code + "\x00" + rows[i].EndpointID))
		rows[i].ID = "msg_spike_" + hex.EncodeToString(sum[:12])
	}
	return s.store.insertDeliveriesOnce(ctx, rows)
}
