package diagnostics

import (
	"bytes"
	"encoding/json"
	"reflect"

	"passwordless/problems"
)

// Ceremony is the WebAuthn ceremony that failed.
type Ceremony string

// The ceremonies a report names.
const (
	Register Ceremony = "register"
	SignIn   Ceremony = "signin"
)

// Platform is where the failure happened.
type Platform string

// The platforms; Unknown when neither given nor inferable.
const (
	Web             Platform = "web"
	IOS             Platform = "ios"
	MacOS           Platform = "macos"
	Android         Platform = "android"
	UnknownPlatform Platform = "unknown"
)

// Severity says whose problem a failure is.
type Severity string

// The severities (seed 000's table, plus unknown).
const (
	Expected      Severity = "expected"
	Environmental Severity = "environmental"
	Transient     Severity = "transient"
	Configuration Severity = "configuration"
	PlatformFault Severity = "platform"
	Unknown       Severity = "unknown"
)

// Action is what the page or app should do next.
type Action string

// The actions.
const (
	None             Action = "none"
	Retry            Action = "retry"
	Fallback         Action = "fallback"
	SignInInstead    Action = "sign_in_instead"
	OfferNewPasskey  Action = "offer_new_passkey"
	SuppressPrompts  Action = "suppress_prompts"
	FixConfiguration Action = "fix_configuration"
	RemovePasskey    Action = "remove_passkey"
)

// Report is one failure as a client reports it. Error is the client's error
// object as JSON, in any of the shapes the package knows (see Classify).
type Report struct {
	Ceremony  Ceremony
	Platform  Platform // optional; inferred from the error's shape
	ElapsedMs int64    // optional; 0 is unknown
	TimeoutMs int64    // optional; 0 is unknown
	// Immediate tells a sign-in with immediate mediation
	// (preferImmediatelyAvailableCredentials): a cancellation there may be
	// "no passkey here".
	Immediate bool
	// Conditional tells a sign-in with conditional mediation (autofill):
	// it has no prompt of its own to dismiss, so an abort there is the page
	// replacing it (a modal sign-in started, the form unmounted), not the
	// user cancelling.
	Conditional bool
	// NoPasskey is set by the service, never by the client: the report's
	// session shows a sign-in that could not have found a passkey of its
	// user (see SessionInspector).
	NoPasskey bool
	Error     map[string]any
}

// Classification is the answer to a report.
type Classification struct {
	ErrorCode problems.Code `json:"errorCode"`
	Severity  Severity      `json:"severity"`
	Action    Action        `json:"action"`
	Title     string        `json:"title"`
	Detail    string        `json:"detail"`
	Source    Source        `json:"source"`
}

// Source is the structured part of the report the classification was read
// from: codes and names only, never messages (they may hold personal data).
type Source struct {
	Platform   Platform `json:"platform,omitempty"`
	Domain     string   `json:"domain,omitempty"`
	Code       *int64   `json:"code,omitempty"`
	Name       string   `json:"name,omitempty"`
	Type       string   `json:"type,omitempty"`
	DomError   string   `json:"domError,omitempty"`
	ErrorCode  string   `json:"errorCode,omitempty"`
	StatusCode string   `json:"statusCode,omitempty"`
	Underlying *Source  `json:"underlying,omitempty"`
	// SDKLabel is the code an SDK wrapper had already put on the error
	// (React Native's "UserCancelled", Flutter's "cancelled"): shown so a
	// tenant sees when the answer differs from the SDK's, which happens
	// when the raw error beside it names another cause.
	SDKLabel string `json:"sdkLabel,omitempty"`
}

// ErrorValue is the error member of a report as a client sends it: an
// object in one of the known shapes, or a plain string (a page that sent
// String(err) or err.message), read as {"message": "…"} so that the same
// text gets the same answer. Anything else is not an error.
type ErrorValue map[string]any

// UnmarshalJSON accepts an object or a string; numbers stay json.Number.
func (e *ErrorValue) UnmarshalJSON(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	m, ok := errorObject(v)
	if !ok {
		return &json.UnmarshalTypeError{Value: "error", Type: reflect.TypeOf(map[string]any{}), Field: "error"}
	}
	*e = m
	return nil
}

// errorObject turns a decoded error member into the object the classifier
// reads: objects as they are, a string as its message, null as nil.
func errorObject(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case map[string]any:
		return x, true
	case string:
		return map[string]any{"message": x}, true
	}
	return nil, false
}
