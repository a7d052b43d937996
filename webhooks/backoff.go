package webhooks

import (
	"math/rand/v2"
	"time"
)

// retryWindow is how long a message is retried before it is marked failed.
const retryWindow = 24 * time.Hour

// schedule is the wait before each retry: after the first failure 5 s,
// then 30 s, 2 min, 10 min, 1 h, and every 3 h after that, until the
// retry window closes.
var schedule = []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute,
	time.Hour, 3 * time.Hour}

// backoff is the wait after the attempts-th failed attempt (from 1), with
// ±20 % jitter so that the retries of many messages to an endpoint that
// came back do not arrive together.
func backoff(attempts int, jitter func() float64) time.Duration {
	i := min(max(attempts-1, 0), len(schedule)-1)
	d := schedule[i]
	return d + time.Duration((jitter()*0.4-0.2)*float64(d))
}

// randomJitter is the production jitter source.
func randomJitter() float64 { return rand.Float64() }
