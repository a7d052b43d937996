package metrics

import (
	"context"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// InstrumentRedis adds a hook to client that feeds
// redis_command_duration_seconds. Call it once per client, and never with
// a nil *redis.Client (it would be a non-nil interface).
func (m *Metrics) InstrumentRedis(client redis.UniversalClient) {
	if m == nil || client == nil {
		return
	}
	client.AddHook(redisHook{m})
}

type redisHook struct{ m *Metrics }

func (h redisHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		start := time.Now()
		conn, err := next(ctx, network, addr)
		h.m.ObserveRedis("dial", time.Since(start))
		return conn, err
	}
}

func (h redisHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmd)
		h.m.ObserveRedis(strings.ToLower(cmd.Name()), time.Since(start))
		return err
	}
}

func (h redisHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmds)
		h.m.ObserveRedis("pipeline", time.Since(start))
		return err
	}
}
