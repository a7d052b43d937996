package storage

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisTopology names how a REDIS_URL is served.
type RedisTopology string

// The topologies ParseRedis can choose.
const (
	RedisSingle   RedisTopology = "single"
	RedisCluster  RedisTopology = "cluster"
	RedisSentinel RedisTopology = "sentinel"
)

// RedisOptions is a parsed REDIS_URL: the topology and the options of the
// client that serves it (exactly one of the three is set).
type RedisOptions struct {
	Topology RedisTopology
	single   *redis.Options
	cluster  *redis.ClusterOptions
	failover *redis.FailoverOptions
}

// ParseRedis reads REDIS_URL (and REDIS_SENTINEL_MASTER):
//
//   - redis://[user:pass@]host:port[/db] is one node;
//   - with addr= parameters, redis://h1:p1?addr=h2:p2&addr=h3:p3 is a Redis
//     Cluster seeded from those nodes (go-redis's cluster URL form);
//   - with sentinelMaster set, the URL's host and addr= parameters are the
//     Sentinels that elect the master named sentinelMaster; the userinfo is
//     both the Sentinels' and the master's credentials, and password= in the
//     query sets a different master password.
//
// rediss:// turns on TLS in every form; go-redis's other query options
// (dial_timeout, pool_size, …) apply too.
func ParseRedis(rawURL, sentinelMaster string) (RedisOptions, error) {
	if !strings.HasPrefix(rawURL, "redis://") && !strings.HasPrefix(rawURL, "rediss://") {
		return RedisOptions{}, errors.New("REDIS_URL must start with redis:// or rediss://")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return RedisOptions{}, errors.New("REDIS_URL is not a valid URL")
	}
	q := u.Query()
	switch {
	case sentinelMaster != "":
		q.Set("master_name", sentinelMaster)
		u.RawQuery = q.Encode()
		o, err := redis.ParseFailoverURL(u.String())
		if err != nil {
			return RedisOptions{}, fmt.Errorf("REDIS_URL (sentinels): %w", err)
		}
		if o.Password == "" {
			o.Username, o.Password = o.SentinelUsername, o.SentinelPassword
		}
		return RedisOptions{Topology: RedisSentinel, failover: o}, nil
	case q.Has("addr"):
		o, err := redis.ParseClusterURL(rawURL)
		if err != nil {
			return RedisOptions{}, fmt.Errorf("REDIS_URL (cluster): %w", err)
		}
		return RedisOptions{Topology: RedisCluster, cluster: o}, nil
	default:
		o, err := redis.ParseURL(rawURL)
		if err != nil {
			return RedisOptions{}, fmt.Errorf("REDIS_URL: %w", err)
		}
		return RedisOptions{Topology: RedisSingle, single: o}, nil
	}
}

// Client builds the client for the parsed topology without connecting.
// Every topology gets the timeouts of redis_timeouts.go.
func (o RedisOptions) Client() Redis {
	switch o.Topology {
	case RedisCluster:
		c := o.cluster
		setRedisTimeouts(&c.DialTimeout, &c.ReadTimeout, &c.WriteTimeout, &c.PoolTimeout, &c.MaxRetries, &c.ContextTimeoutEnabled)
		return redis.NewClusterClient(c)
	case RedisSentinel:
		f := o.failover
		setRedisTimeouts(&f.DialTimeout, &f.ReadTimeout, &f.WriteTimeout, &f.PoolTimeout, &f.MaxRetries, &f.ContextTimeoutEnabled)
		return redis.NewFailoverClient(f)
	default:
		return redis.NewClient(WithRedisTimeouts(o.single))
	}
}

// OpenRedis parses REDIS_URL and REDIS_SENTINEL_MASTER, connects and checks
// that Redis answers within five seconds (on a cluster, every master).
func OpenRedis(ctx context.Context, rawURL, sentinelMaster string) (Redis, error) {
	o, err := ParseRedis(rawURL, sentinelMaster)
	if err != nil {
		return nil, err
	}
	client := o.Client()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := PingRedis(ctx, client); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("REDIS_URL: cannot reach Redis (%s): %w", o.Topology, err)
	}
	return client, nil
}

// PingRedis checks that Redis answers; on a cluster every master must,
// and the cluster must report itself healthy.
func PingRedis(ctx context.Context, client Redis) error {
	c, ok := client.(*redis.ClusterClient)
	if !ok {
		return client.Ping(ctx).Err()
	}
	return c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		info, err := m.ClusterInfo(ctx).Result()
		if err != nil {
			return err
		}
		if !strings.Contains(info, "cluster_state:ok") {
			return errors.New("cluster_state is not ok")
		}
		return nil
	})
}

// ForEachRedisNode runs fn on every node holding keys: the one node, or
// each master of a cluster (SCAN and FLUSH only see the node they run on).
func ForEachRedisNode(ctx context.Context, client Redis, fn func(ctx context.Context, node Redis) error) error {
	if c, ok := client.(*redis.ClusterClient); ok {
		return c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error { return fn(ctx, m) })
	}
	return fn(ctx, client)
}

// CountRedisCommands adds one to n for every command client sends (each
// command of a pipeline counts), for tools that report commands per
// request.
func CountRedisCommands(client Redis, n *atomic.Int64) { client.AddHook(commandCounter{n}) }

type commandCounter struct{ n *atomic.Int64 }

func (c commandCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c commandCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}

func (c commandCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}
