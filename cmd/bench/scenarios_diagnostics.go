package main

import (
	"fmt"
	"sync/atomic"
)

// failureReport posts client failure reports of several shapes (a
// DOMException, an Apple chain, an Android exception, the stock client's
// object), as pages and apps do after a failed ceremony.
func failureReport(e *env) (func() error, error) {
	bodies := []map[string]any{
		{"ceremony": "signin", "elapsedMs": 4200, "timeoutMs": 60000,
			"error": map[string]any{"name": "NotAllowedError", "message": "The operation either timed out or was not allowed."}},
		{"ceremony": "register", "platform": "ios", "error": map[string]any{
			"domain": "com.apple.AuthenticationServices.AuthorizationError", "code": 1004,
			"underlying": map[string]any{"domain": "ASCAuthorizationErrorDomain", "code": 5}}},
		{"ceremony": "signin", "error": map[string]any{"type": "androidx.credentials.exceptions.NoCredentialException"}},
		{"ceremony": "signin", "error": map[string]any{"from": "client", "errorCode": "unknown", "title": "Failed to fetch"}},
	}
	var i atomic.Int64
	return func() error {
		return e.call("POST", "/diagnostics/failures", e.public(), bodies[i.Add(1)%int64(len(bodies))], nil, 200)
	}, nil
}

// passkeyPrompt asks, as a backend after a password sign-in, whether to
// offer a passkey, over a pool of 1 000 users (each call counts a sign-in).
func passkeyPrompt(e *env) (func() error, error) {
	var i atomic.Int64
	return func() error {
		body := map[string]any{"userId": fmt.Sprintf("prompt-user-%d", i.Add(1)%1000), "signedInWith": "password"}
		return e.call("POST", "/users/passkey-prompt", e.secret(), body, nil, 200)
	}, nil
}
