package storage

import (
	"context"
	"net"

	"github.com/redis/go-redis/v9"
)

// Redis is the client of every Redis topology (one node, Cluster,
// Sentinel). Packages outside storage name it through this alias, so that
// go-redis itself stays in storage/ and in files named redis*.go.
type Redis = redis.UniversalClient

// TranslateRedis makes every command of rdb report its failures through
// Translate (Redis down or failing over → 503 service_unavailable), as
// the gorm plugin does for the database. redis.Nil (a missing key) is an
// answer, not a failure, and is left alone.
func TranslateRedis(rdb redis.UniversalClient) {
	rdb.AddHook(redisTranslator{})
}

type redisTranslator struct{}

func (redisTranslator) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := next(ctx, network, addr)
		return c, Translate(err)
	}
}

func (redisTranslator) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if err != nil && cmd.Err() != nil {
			cmd.SetErr(Translate(cmd.Err()))
		}
		return Translate(err)
	}
}

func (redisTranslator) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			if cmd.Err() != nil {
				cmd.SetErr(Translate(cmd.Err()))
			}
		}
		return Translate(err)
	}
}
