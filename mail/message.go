// Package mail delivers e-mail: the SMTP mailer, the development outbox
// directory used when no SMTP_URL is set, and the queue that sends mail a
// transaction asked for once the transaction has committed, retrying until
// it is out. What a message says belongs to its sender (magiclink, orgs,
// webhooks); this package only carries it.
package mail

import (
	"context"
	"fmt"
	netmail "net/mail"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer delivers messages. Send returns an error when the message was not
// accepted, so that a caller can count only what went out, or retry.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// DefaultFrom is the sender address when MAIL_FROM is empty.
const DefaultFrom = "no-reply@localhost"

// mimeMessage renders m as a multipart/alternative e-mail from the address
// of from (MAIL_FROM, bare or "Name <addr>"), with the subject as the
// sender's display name: upstream's choice, so the recipient sees which
// site wants them to sign in.
func mimeMessage(from string, m Message) (*gomail.Msg, error) {
	if from == "" {
		from = DefaultFrom
	}
	if a, err := netmail.ParseAddress(from); err == nil {
		from = a.Address
	}
	msg := gomail.NewMsg()
	if err := msg.FromFormat(m.Subject, from); err != nil {
		return nil, fmt.Errorf("from %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}
