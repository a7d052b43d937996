package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig configures the SMTP mailer.
type SMTPConfig struct {
	// URL is SMTP_URL:
	//   smtp://[user:pass@]host[:port]   STARTTLS when the server offers it (port 587)
	//   smtps://[user:pass@]host[:port]  implicit TLS (port 465)
	// Query parameters: starttls=required|opportunistic|off, and
	// auth=plain|login|cram-md5|scram-sha-256|… to force a mechanism
	// (the default discovers the strongest one the server offers).
	URL string
	// From is MAIL_FROM, the sender address.
	From string
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	// Timeout bounds connecting and each command; default 15 s.
	Timeout time.Duration
}

// SMTP delivers messages to an SMTP server through go-mail, one connection
// per message: magic links are sent one at a time, on request.
type SMTP struct {
	from string
	opts []gomail.Option
	host string
}

// NewSMTP checks cfg and returns the mailer. It does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP_URL: no host in %q", u.Redacted())
	}
	opts, err := smtpOptions(u, cfg)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL %q: %w", u.Redacted(), err)
	}
	if _, err := gomail.NewClient(u.Hostname(), opts...); err != nil {
		return nil, fmt.Errorf("SMTP_URL %q: %w", u.Redacted(), err)
	}
	return &SMTP{from: cfg.From, opts: opts, host: u.Hostname()}, nil
}

func smtpOptions(u *url.URL, cfg SMTPConfig) ([]gomail.Option, error) {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	port := 587
	switch u.Scheme {
	case "smtp":
		policy, err := tlsPolicy(u.Query().Get("starttls"))
		if err != nil {
			return nil, err
		}
		opts = append(opts, gomail.WithTLSPolicy(policy))
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("scheme %q: want smtp or smtps", u.Scheme)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("port %q: %w", p, err)
		}
		port = n
	}
	opts = append(opts, gomail.WithPort(port))
	if cfg.TLSConfig != nil {
		tc := cfg.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = u.Hostname()
		}
		opts = append(opts, gomail.WithTLSConfig(tc))
	}
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		mech := gomail.SMTPAuthAutoDiscover
		if a := u.Query().Get("auth"); a != "" {
			mech = gomail.SMTPAuthType(strings.ToUpper(a))
		}
		opts = append(opts, gomail.WithSMTPAuth(mech), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	return opts, nil
}

func tlsPolicy(v string) (gomail.TLSPolicy, error) {
	switch strings.ToLower(v) {
	case "", "opportunistic":
		return gomail.TLSOpportunistic, nil
	case "required", "mandatory":
		return gomail.TLSMandatory, nil
	case "off", "none", "false":
		return gomail.NoTLS, nil
	}
	return 0, fmt.Errorf("starttls=%q: want required, opportunistic or off", v)
}

// Send implements Mailer.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := mimeMessage(s.from, m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send to %s: %w", s.host, err)
	}
	return nil
}
