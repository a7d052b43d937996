package main

import (
	"fmt"
	"sync/atomic"
)

// decision asks POST /passkeys/decision as pages do before a prompt:
// real browsers' User-Agents, getClientCapabilities() output and a device
// id, no user hint, so the answer is read from memory only (issue 21 §4).
func decision(e *env) (func() error, error) {
	agents := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
	}
	err := e.call("POST", "/apps/features", e.secret(), map[string]any{"passkeyRollout": map[string]any{
		"percentage": 50, "browsers": map[string]any{"firefox": false}}}, nil, 204)
	if err != nil {
		return nil, err
	}
	capabilities := map[string]any{"passkeyPlatformAuthenticator": true, "conditionalGet": true, "hybridTransport": true}
	var i atomic.Int64
	return func() error {
		n := i.Add(1)
		headers := map[string]string{"ApiKey": e.app.APIKey1, "User-Agent": agents[n%int64(len(agents))]}
		body := map[string]any{"ceremony": "signin", "capabilities": capabilities, "deviceId": fmt.Sprintf("device-%d", n%1000)}
		return e.call("POST", "/passkeys/decision", headers, body, nil, 200)
	}, nil
}
