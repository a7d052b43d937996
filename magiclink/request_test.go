package magiclink

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"passwordless/problems"
)

func ptr(n int64) *int64 { return &n }

func TestRequest_Validate(t *testing.T) {
	ok := Request{EmailAddress: "user@example.com", URLTemplate: "https://app.example.com/login?token=$TOKEN", UserID: "u1"}
	with := func(f func(*Request)) Request { r := ok; f(&r); return r }
	tests := []struct {
		name string
		req  Request
		want map[string][]string // nil = valid
	}{
		{"valid", ok, nil},
		{"http template", with(func(r *Request) { r.URLTemplate = "http://localhost:3000/x/$TOKEN" }), nil},
		{"lowercase $token passes the check", with(func(r *Request) { r.URLTemplate = "https://a.example/?t=$token" }), nil},
		{"ttl bounds are inclusive", with(func(r *Request) { r.TimeToLive = ptr(604800) }), nil},
		{"missing e-mail", with(func(r *Request) { r.EmailAddress = " " }),
			map[string][]string{"emailAddress": {msgEmailRequired}}},
		{"e-mail without domain", with(func(r *Request) { r.EmailAddress = "user@" }),
			map[string][]string{"emailAddress": {msgEmailInvalid}}},
		{"e-mail with a display name", with(func(r *Request) { r.EmailAddress = "Bob <bob@example.com>" }),
			map[string][]string{"emailAddress": {msgEmailInvalid}}},
		{"template without $TOKEN", with(func(r *Request) { r.URLTemplate = "https://a.example/login" }),
			map[string][]string{"urlTemplate": {"You have provided a UrlTemplate without a $TOKEN template. Please include it like so: https://www.example.com?token=$TOKEN"}}},
		{"template that is only $TOKEN", with(func(r *Request) { r.URLTemplate = "$TOKEN" }),
			map[string][]string{"urlTemplate": {"You have provided a UrlTemplate that cannot be converted to a URL."}}},
		{"relative template", with(func(r *Request) { r.URLTemplate = "/login?t=$TOKEN" }),
			map[string][]string{"urlTemplate": {msgTemplateNotURL}}},
		{"ftp template", with(func(r *Request) { r.URLTemplate = "ftp://a.example/$TOKEN" }),
			map[string][]string{"urlTemplate": {msgTemplateNotURL}}},
		{"missing template", with(func(r *Request) { r.URLTemplate = "" }),
			map[string][]string{"urlTemplate": {msgTemplateRequired}}},
		{"ttl zero", with(func(r *Request) { r.TimeToLive = ptr(0) }),
			map[string][]string{"timeToLive": {"The field TimeToLive must be between 1 and 604800."}}},
		{"ttl above a week", with(func(r *Request) { r.TimeToLive = ptr(604801) }),
			map[string][]string{"timeToLive": {"The field TimeToLive must be between 1 and 604800."}}},
		{"every field wrong at once", Request{TimeToLive: ptr(-1)}, map[string][]string{
			"emailAddress": {msgEmailRequired}, "urlTemplate": {msgTemplateRequired},
			"userId": {msgUserIDRequired}, "timeToLive": {"The field TimeToLive must be between 1 and 604800."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var p *problems.Error
			if !errors.As(err, &p) || p.Code != problems.ValidationFailed {
				t.Fatalf("Validate() = %v, want validation_failed", err)
			}
			if !reflect.DeepEqual(p.Errors, tt.want) {
				t.Errorf("errors = %v, want %v", p.Errors, tt.want)
			}
		})
	}
}

func TestRequest_Link(t *testing.T) {
	tests := []struct{ template, want string }{
		{"https://a.example/login?token=$TOKEN", "https://a.example/login?token=verify_abc.def"},
		{"https://a.example/$TOKEN/$TOKEN", "https://a.example/verify_abc.def/verify_abc.def"},
		{"https://a.example/?t=$token", "https://a.example/?t=$token"}, // only the exact case is replaced
	}
	for _, tt := range tests {
		if got := (Request{URLTemplate: tt.template}).Link("verify_abc.def"); got != tt.want {
			t.Errorf("Link(%q) = %q, want %q", tt.template, got, tt.want)
		}
	}
}

func TestRequest_TTL(t *testing.T) {
	if got := (Request{}).TTL(); got != time.Hour {
		t.Errorf("default TTL = %v, want 1h", got)
	}
	if got := (Request{TimeToLive: ptr(300)}).TTL(); got != 5*time.Minute {
		t.Errorf("TTL(300) = %v, want 5m", got)
	}
}

func TestHumanize(t *testing.T) {
	tests := map[time.Duration]string{
		time.Hour: "1 hour", 2 * 24 * time.Hour: "2 days", 5 * time.Minute: "5 minutes",
		90 * time.Second: "90 seconds", time.Second: "1 second",
	}
	for d, want := range tests {
		if got := humanize(d); got != want {
			t.Errorf("humanize(%v) = %q, want %q", d, got, want)
		}
	}
}
