package storage_test

import (
	"strings"
	"testing"

	"passwordless/storage"
	"passwordless/storage/storagetest"
)

func TestParseRedis_ChoosesTopologyFromURL(t *testing.T) {
	tests := []struct {
		name, url, master string
		want              storage.RedisTopology
		wantErr           string
	}{
		{name: "one node", url: "redis://127.0.0.1:6379/0", want: storage.RedisSingle},
		{name: "one node over TLS with a password", url: "rediss://:secret@cache.example.com:6380", want: storage.RedisSingle},
		{name: "addr parameters make a cluster", url: "redis://h1:7000?addr=h2:7001&addr=h3:7002", want: storage.RedisCluster},
		{name: "a master name makes the hosts Sentinels", url: "redis://s1:26379/2?addr=s2:26379", master: "mymaster", want: storage.RedisSentinel},
		{name: "not a redis URL", url: "localhost:6379", wantErr: "REDIS_URL must start with redis://"},
		{name: "cluster with an unknown option", url: "redis://h1:7000?addr=h2:7001&colour=red", wantErr: "REDIS_URL (cluster)"},
		{name: "sentinel with a bad address", url: "redis://s1:26379?addr=nohostport", master: "m", wantErr: "REDIS_URL (sentinels)"},
		{name: "bad database number", url: "redis://h1:6379/x", wantErr: "REDIS_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := storage.ParseRedis(tt.url, tt.master)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Topology != tt.want {
				t.Errorf("topology = %s, want %s", o.Topology, tt.want)
			}
			client := o.Client()
			defer client.Close()
		})
	}
}

// TestParseRedis_ErrorsNeverShowThePassword: a REDIS_URL error is printed at
// start-up, so it must not repeat the credentials.
func TestParseRedis_ErrorsNeverShowThePassword(t *testing.T) {
	for _, raw := range []string{
		"redis://:hunter2@h1:6379/x",
		"redis://:hunter2@h1:7000?addr=h2&colour=red",
		"redis://:hunter2@%zz",
	} {
		_, err := storage.ParseRedis(raw, "")
		if err == nil {
			t.Fatalf("%s: no error", raw)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error %q shows the password", err)
		}
	}
}

// TestOpenRedis_AnswersOnTheTestTopology opens TEST_REDIS_URL (one node or
// a cluster) and round-trips a key.
func TestOpenRedis_AnswersOnTheTestTopology(t *testing.T) {
	client, prefix := storagetest.Redis(t) // storage.OpenRedis; skips without TEST_REDIS_URL
	if err := storage.PingRedis(t.Context(), client); err != nil {
		t.Fatal(err)
	}
	if err := client.Set(t.Context(), prefix+"k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if v, err := client.Get(t.Context(), prefix+"k").Result(); err != nil || v != "v" {
		t.Fatalf("get = %q, %v", v, err)
	}
}

func TestOpenRedis_UnreachableFailsNamingTheVariable(t *testing.T) {
	_, err := storage.OpenRedis(t.Context(), "redis://127.0.0.1:1?dial_timeout=100ms", "")
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Fatalf("error = %v, want one naming REDIS_URL", err)
	}
}
