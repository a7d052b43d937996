package diagnostics

import (
	"testing"
	"time"

	"passwordless/storage/storagetest"
)

// BenchmarkSegments_Ceremony is what counting adds to one ceremony: the
// begin's and the complete's device, both counts, and their share of the
// flushes (one per flushEvery, timed here by a clock moving 1 ms a
// ceremony, so a flush every 2 000 ceremonies).
func BenchmarkSegments_Ceremony(b *testing.B) {
	db := storagetest.SQLite(b)
	now := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	s := NewSegments(SegmentOptions{Store: NewSegmentStore(db), Now: func() time.Time { return now }})
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
	aaguid := "08987058-cadc-4b81-b6e1-30de50dcbe96"
	DeviceOf(ua, ClientHints{}) // the regex set compiles once per process
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(time.Millisecond)
		s.Begun(ctx, "t1", "signin", DeviceOf(ua, ClientHints{}), []string{aaguid})
		s.Completed(ctx, "t1", "signin", DeviceOf(ua, ClientHints{}), &aaguid, "platform", Begin{Offered: []string{aaguid}})
	}
}
