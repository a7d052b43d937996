package problems

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is the one error type that becomes a problem document. Domain
// packages return it; the api package writes it. Err is the internal cause:
// it is logged, never sent.
type Error struct {
	Code Code
	// Status overrides the catalogue status when non-zero (a code such as
	// attestation_not_supported_on_plan answers 400 or 403 by endpoint).
	Status int
	// Title overrides the catalogue title when non-empty (upstream puts
	// the human message in title, e.g. "The token expired 10 seconds ago.").
	Title  string
	Detail string
	// Errors is the validation map: camelCase field name → messages.
	Errors map[string][]string
	// Extensions are extra top-level members, e.g. credentialId.
	Extensions map[string]any
	// Header holds response headers that belong to the problem
	// (WWW-Authenticate, Retry-After, Allow).
	Header http.Header
	Err    error
}

// New returns a problem of code with the catalogue title.
func New(code Code) *Error { return &Error{Code: code} }

// Titled returns a problem of code with its own title.
func Titled(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Title: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected error as internal_error; err is only logged.
func Internal(err error) *Error { return &Error{Code: InternalError, Err: err} }

// Unavailable wraps a backing-service failure as service_unavailable.
func Unavailable(err error) *Error { return &Error{Code: ServiceUnavailable, Err: err} }

// Validation returns a validation_failed problem for one field.
func Validation(field, message string) *Error {
	return &Error{Code: ValidationFailed, Errors: map[string][]string{field: {message}}}
}

// Error implements error. It names the code and the internal cause so that
// logs are useful; it is never written to a client.
func (e *Error) Error() string {
	msg := string(e.Code)
	if t := e.title(); t != "" {
		msg += ": " + t
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code, so errors.Is(err, problems.New(X)) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// WithDetail returns a copy with detail set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	c := *e
	c.Detail = fmt.Sprintf(format, args...)
	return &c
}

// WithStatus returns a copy answering status instead of the catalogue's.
func (e *Error) WithStatus(status int) *Error {
	c := *e
	c.Status = status
	return &c
}

// WithField returns a copy with one more validation message.
func (e *Error) WithField(field, message string) *Error {
	c := *e
	c.Errors = make(map[string][]string, len(e.Errors)+1)
	for k, v := range e.Errors {
		c.Errors[k] = v
	}
	c.Errors[field] = append(c.Errors[field], message)
	return &c
}

// WithExtension returns a copy with one more top-level member.
func (e *Error) WithExtension(name string, value any) *Error {
	c := *e
	c.Extensions = make(map[string]any, len(e.Extensions)+1)
	for k, v := range e.Extensions {
		c.Extensions[k] = v
	}
	c.Extensions[name] = value
	return &c
}

// StatusCode is the HTTP status the problem is answered with.
func (e *Error) StatusCode() int {
	if e.Status != 0 {
		return e.Status
	}
	if entry, ok := Lookup(e.Code); ok {
		return entry.Status
	}
	return http.StatusInternalServerError
}

func (e *Error) title() string {
	if e.Title != "" {
		return e.Title
	}
	entry, _ := Lookup(e.Code)
	return entry.Title
}

// From turns any error into a problem. A *Error anywhere in the chain is
// used as is (an unknown code becomes internal_error); everything else is
// internal_error with the error kept as the logged cause only.
func From(err error) *Error {
	var p *Error
	if errors.As(err, &p) {
		if _, ok := Lookup(p.Code); ok {
			return p
		}
		return Internal(err)
	}
	return Internal(err)
}
