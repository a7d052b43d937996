package api

import (
	"strings"
	"testing"

	"passwordless/problems"
)

type decodeTarget struct {
	UserID     string   `json:"userId"`
	Username   string   `json:"username"`
	TimeToLive int      `json:"timeToLive"`
	Aliases    []string `json:"aliases"`
	Nested     *struct {
		ClientDataJSON string `json:"clientDataJSON"`
	} `json:"response"`
}

func TestDecodeInto(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantCode problems.Code
		check    func(t *testing.T, d decodeTarget)
	}{
		{name: "property names are case-insensitive",
			body: `{"USERID":"u1","UserName":"n","response":{"clientDataJson":"x"}}`,
			check: func(t *testing.T, d decodeTarget) {
				if d.UserID != "u1" || d.Username != "n" || d.Nested == nil || d.Nested.ClientDataJSON != "x" {
					t.Errorf("got %+v", d)
				}
			}},
		{name: "numbers and booleans become strings",
			body: `{"userId":123,"username":true,"aliases":[1,"b"]}`,
			check: func(t *testing.T, d decodeTarget) {
				if d.UserID != "123" || d.Username != "true" || strings.Join(d.Aliases, ",") != "1,b" {
					t.Errorf("got %+v", d)
				}
			}},
		{name: "numeric strings become numbers",
			body: `{"timeToLive":"30"}`,
			check: func(t *testing.T, d decodeTarget) {
				if d.TimeToLive != 30 {
					t.Errorf("got %+v", d)
				}
			}},
		{name: "unknown members are ignored", body: `{"userId":"u","whatever":{"a":[1]}}`,
			check: func(t *testing.T, d decodeTarget) {
				if d.UserID != "u" {
					t.Errorf("got %+v", d)
				}
			}},
		{name: "trailing comma", body: `{"userId":"u",}`, wantCode: problems.InvalidJSON},
		{name: "comment", body: `{/* c */ "userId":"u"}`, wantCode: problems.InvalidJSON},
		{name: "malformed", body: `{"userId":`, wantCode: problems.InvalidJSON},
		{name: "empty body", body: ``, wantCode: problems.InvalidJSON},
		{name: "not an object", body: `["a"]`, wantCode: problems.InvalidJSON},
		{name: "two values", body: `{} {}`, wantCode: problems.InvalidJSON},
		{name: "wrong type", body: `{"aliases":"a"}`, wantCode: problems.InvalidJSON},
		{name: "non-numeric string for a number", body: `{"timeToLive":"soon"}`, wantCode: problems.InvalidJSON},
		{name: "escaped NUL in a string", body: `{"userId":"a\u0000"}`, wantCode: problems.ValidationFailed},
		{name: "invalid UTF-8 in a string", body: "{\"username\":\"\xff\"}", wantCode: problems.ValidationFailed},
		{name: "NUL nested in an object", body: `{"response":{"clientDataJSON":"\u0000"}}`, wantCode: problems.ValidationFailed},
		{name: "invalid UTF-8 outside any string", body: "{\"userId\":\"u\"\xff}", wantCode: problems.InvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d decodeTarget
			err := decodeInto([]byte(tt.body), &d)
			if tt.wantCode != "" {
				if problems.From(err).Code != tt.wantCode {
					t.Fatalf("decodeInto(%q) = %v, want %s", tt.body, err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeInto(%q) = %v", tt.body, err)
			}
			tt.check(t, d)
		})
	}
}
