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
	"strings"
	"unicode"

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

// mimeMessage renders m as a multipart/alternative e-mail from from
// (MAIL_FROM, bare or "Name <addr>"). The sender's display name is
// MAIL_FROM's when it has one ("Acme Auth <auth@acme.test>": the
// operator's choice, kept), else the subject: upstream's choice, so the
// recipient sees which site wants them to sign in. Name and subject go into
// the headers as one line of text (headerText), the display name quoted
// and encoded by net/mail: a quote, a CR/LF or a BEL in it can neither
// break the header (a mail refused, and retried, forever) nor add one.
func mimeMessage(from string, m Message) (*gomail.Msg, error) {
	if from == "" {
		from = DefaultFrom
	}
	name := ""
	if a, err := netmail.ParseAddress(from); err == nil {
		from, name = a.Address, headerText(a.Name)
	}
	if _, err := netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("from %q: %w", from, err)
	}
	subject := headerText(m.Subject)
	if name == "" {
		name = subject
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(&netmail.Address{Name: name, Address: from})
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// headerText is s as one line of header text: invalid UTF-8 and every
// control or format character (CR, LF, BEL, NUL, bidi overrides) become a
// space, runs of spaces one, and the result is trimmed.
func headerText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
	return strings.Join(strings.Fields(s), " ")
}
