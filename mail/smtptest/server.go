// Package smtptest runs a real SMTP server (emersion/go-smtp) on
// 127.0.0.1 inside a test, so that mail is sent over the wire exactly as in
// production and the test reads what arrived.
package smtptest

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server.
type Options struct {
	// TLS, when set, is offered through STARTTLS, or used for the whole
	// connection when Implicit is set (smtps).
	TLS      *tls.Config
	Implicit bool
	// Username and Password, when set, are required through AUTH PLAIN.
	Username, Password string
	// Reject, when set, refuses every message at DATA with this error.
	Reject *smtp.SMTPError
	// OnData, when set, runs while the sender waits for the answer to
	// DATA (the SMTP exchange is in progress); an error it returns refuses
	// the message. Tests check there what the sender holds meanwhile.
	OnData func(Mail) error
}

// Mail is one accepted message.
type Mail struct {
	From string
	To   []string
	Data []byte
	User string // the authenticated user, if any
	TLS  bool   // whether the connection was encrypted
}

// Server is a running test server.
type Server struct {
	// Addr is host:port on 127.0.0.1.
	Addr string
	opts Options
	mu   sync.Mutex
	mail []Mail
	got  chan struct{}
	// waited counts the messages Wait has returned.
	waited int
}

// Start starts a server that stops when the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	if o.TLS != nil && o.Implicit {
		l = tls.NewListener(l, o.TLS)
	}
	s := &Server{Addr: l.Addr().String(), opts: o, got: make(chan struct{}, 100)}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if o.TLS != nil && !o.Implicit {
		srv.TLSConfig = o.TLS
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// SetReject makes the server refuse every following message with err
// (nil accepts again), to test what a failed send does.
func (s *Server) SetReject(err *smtp.SMTPError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Reject = err
}

func (s *Server) rejecting() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.Reject == nil {
		return nil
	}
	return s.opts.Reject
}

// Port is the port the server listens on.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.Addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Mails returns the messages accepted so far.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// Wait returns the next accepted message not yet returned by Wait,
// waiting up to 10 s for it.
func (s *Server) Wait(t testing.TB) Mail {
	t.Helper()
	select {
	case <-s.got:
	case <-time.After(10 * time.Second):
		t.Fatal("smtptest: no mail arrived")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waited++
	return s.mail[s.waited-1]
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{srv: s, mail: Mail{TLS: isTLS}}, nil
}

type session struct {
	srv  *Server
	mail Mail
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.opts.Username || pass != s.srv.opts.Password {
			return errors.New("invalid credentials")
		}
		s.mail.User = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.opts.Username != "" && s.mail.User == "" {
		return errAuthRequired
	}
	s.mail.From = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mail.To = append(s.mail.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	if err := s.srv.rejecting(); err != nil {
		return err
	}
	m := s.mail
	m.Data = buf.Bytes()
	if s.srv.opts.OnData != nil {
		if err := s.srv.opts.OnData(m); err != nil {
			return err
		}
	}
	s.srv.mu.Lock()
	s.srv.mail = append(s.srv.mail, m)
	s.srv.mu.Unlock()
	s.srv.got <- struct{}{}
	return nil
}

func (s *session) Reset()        { s.mail = Mail{User: s.mail.User, TLS: s.mail.TLS} }
func (s *session) Logout() error { return nil }
