package mail

import (
	"bytes"
	"strings"
	"testing"
)

// A subject is the sender's display name too: a quote, a CR/LF or a BEL
// in it (an organization's name once was the subject of invitations)
// failed every send of the mail, retried for two days, or could add a
// header. Each renders as one header line.
func TestMimeMessage_SubjectIsOneHeaderLineWhateverItHolds(t *testing.T) {
	tests := []struct{ name, subject, wantSubject string }{
		{"quote", `Acme "Corp"`, `Subject: Acme "Corp"`},
		{"CR/LF with a header after it", "Acme\r\nBcc: victim@example.com", "Subject: Acme Bcc: victim@example.com"},
		{"BEL", "Acme\aCorp", "Subject: Acme Corp"},
		{"NUL and invalid UTF-8", "Acme\x00\xffCorp", "Subject: Acme Corp"},
		{"bidi override", "Acme\u202eproC", "Subject: Acme proC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := mimeMessage("no-reply@example.com",
				Message{To: "user@example.com", Subject: tt.subject, Text: "text", HTML: "<p>html</p>"})
			if err != nil {
				t.Fatalf("mimeMessage: %v", err)
			}
			var b bytes.Buffer
			if _, err := msg.WriteTo(&b); err != nil {
				t.Fatalf("WriteTo: %v", err)
			}
			head, _, _ := strings.Cut(b.String(), "\r\n\r\n")
			if !strings.Contains(head, tt.wantSubject+"\r\n") {
				t.Errorf("headers lack %q:\n%s", tt.wantSubject, head)
			}
			if strings.Contains(head, "\nBcc:") || strings.ContainsAny(head, "\a\x00") {
				t.Errorf("tenant text broke the headers:\n%s", head)
			}
			if !strings.Contains(head, "<no-reply@example.com>") {
				t.Errorf("From lost its address:\n%s", head)
			}
		})
	}
}
