package diagnostics

import (
	"strings"
	"testing"
)

// TestSanitize_RemovesPersonalDataAndIdentifiers feeds real-shaped reports
// (texts as they appear in public threads) and checks what a sample keeps.
func TestSanitize_RemovesPersonalDataAndIdentifiers(t *testing.T) {
	tests := []struct {
		name  string
		in    map[string]any
		leaks []string // must not survive
		keeps []string // must survive
	}{
		{"e-mail in options and text",
			map[string]any{"message": "Registration failed for tatastail@gmail.com", "user": map[string]any{"name": "tatastail@gmail.com", "displayName": "Tata", "id": "MzZi"}},
			[]string{"tatastail", "gmail", "Tata", "MzZi"}, []string{"Registration failed for"}},
		{"phone numbers",
			map[string]any{"message": "SMS to +1 (415) 555-0132 failed; fallback 020 7946 0958, +44 20 7946 0958, 4155550132"},
			[]string{"555-0132", "7946 0958", "4155550132"}, []string{"SMS to", "failed"}},
		{"card numbers, but not other long numbers",
			map[string]any{"message": "card 4111 1111 1111 1111 / 5500-0000-0000-0004 rejected; build 231818044 and code 50152"},
			[]string{"4111 1111", "5500-0000"}, []string{"231818044", "50152"}},
		{"password= values",
			map[string]any{"message": "POST body password=hunter2&user=x; pwd: s3cr3t, passcode=1234"},
			[]string{"hunter2", "s3cr3t", "1234"}, []string{"password=[redacted]"}},
		{"URL query strings",
			map[string]any{"stack": "at registerCredential (https://porkbun.com/js/webauthnregister.js?v=PrettyTrees_0.353:35:44)",
				"message": "see https://app.simplelogin.io/auth/fido?next=%2Fdashboard&token=abc#top"},
			[]string{"PrettyTrees", "next=", "%2Fdashboard", "token=abc"}, []string{"https://porkbun.com/js/webauthnregister.js?", "https://app.simplelogin.io/auth/fido?"}},
		{"credential ids of any length",
			map[string]any{"message": "allowCredentials: [{ id: \"8iF-k1mOuwOzHekbiJTOlw\" }] and Q6sgVvequT4p0WnfWyRdxCExJagxt_A7GbTMHbaeBtE, user 46c8e216-7974-11ef-a02c-eb5d5d446c1a",
				"allowCredentials": []any{map[string]any{"id": "krJa"}}, "rawId": "short", "userHandle": "u"},
			[]string{"8iF-k1mOuwOzHekbiJTOlw", "Q6sgVveq", "46c8e216", "krJa", "short"}, []string{"allowCredentials: [{ id: "}},
		{"what classification needs survives",
			map[string]any{"name": "NotAllowedError", "type": "androidx.credentials.TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION/androidx.credentials.TYPE_DATA_ERROR",
				"message": "androidx.credentials.exceptions.publickeycredential.GetPublicKeyCredentialDomException: [50152] RP ID cannot be validated.",
				"domain":  "com.apple.AuthenticationServices.AuthorizationError", "code": 1004,
				"userInfo": map[string]any{"NSLocalizedFailureReason": "Application with identifier is not associated with domain"},
				"see":      "https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client"},
			nil, []string{"NotAllowedError", "TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION", "TYPE_DATA_ERROR", "GetPublicKeyCredentialDomException",
				"[50152] RP ID cannot be validated.", "com.apple.AuthenticationServices.AuthorizationError", "1004",
				"NSLocalizedFailureReason", "https://www.w3.org/TR/webauthn-2/#sctn-privacy-considerations-client"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sanitize(tt.in)
			for _, leak := range tt.leaks {
				if strings.Contains(got, leak) {
					t.Errorf("sample keeps %q: %s", leak, got)
				}
			}
			for _, keep := range tt.keeps {
				if !strings.Contains(got, keep) {
					t.Errorf("sample lost %q: %s", keep, got)
				}
			}
		})
	}
}

func TestIdLike_TellsIdentifiersFromWords(t *testing.T) {
	for s, want := range map[string]bool{
		"8iF-k1mOuwOzHekbiJTOlw":                       true,
		"46c8e216-7974-11ef-a02c-eb5d5d446c1a":         true,
		"co_znWHGLBMX85CJ9yMiHQvCkZkoC3_0":             true,
		"NSMultipleUnderlyingErrorsKey":                false,
		"TYPE_GET_PUBLIC_KEY_CREDENTIAL_DOM_EXCEPTION": false,
		"nngceckbapebfimnlniiiahkandclblb":             false,
		"ASAuthorizationError":                         false,
	} {
		if got := idLike(s); got != want {
			t.Errorf("idLike(%q) = %v", s, got)
		}
	}
}
