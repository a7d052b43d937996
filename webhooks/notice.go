package webhooks

import (
	"bytes"
	"context"
	"errors"
	htmltemplate "html/template"
	"net/url"
	"slices"
	"strings"
	"text/template"
	"time"

	"passwordless/mail"
)

// Admins returns the e-mail addresses to tell about an application's
// endpoints: its admin e-mails and, when a console organization owns it,
// that organization's admins (wired by the server; webhooks knows neither
// tenants' nor the console's tables).
type Admins func(ctx context.Context, tenant string) ([]string, error)

// noticeRetry is how long a notice whose mail failed (or whose instance
// died while sending) waits before SendNotices tries it again.
const noticeRetry = 15 * time.Minute

// sendNotice mails the admins of ep's application that ep was disabled,
// if its notice is due and no other instance took it. A failed send is
// logged and stays due: SendNotices retries it.
func (s *Service) sendNotice(ctx context.Context, ep endpointRow) {
	now := s.now().UTC()
	mine, err := s.store.claimNotice(ctx, ep.Tenant, ep.ID, now, now.Add(noticeRetry))
	if err == nil && mine {
		if err = s.mailNotice(ctx, ep); err == nil {
			err = s.store.noticeSent(ctx, ep.Tenant, ep.ID)
		}
	}
	if err != nil {
		s.log.Warn("webhook endpoint disabled: admins' notice not sent, retried later",
			"tenant", ep.Tenant, "endpoint", ep.ID, "err", err)
	}
}

// SendNotices sends the due notices of disabled endpoints, of every
// application: the ones whose mail failed or whose instance stopped before
// sending (an hourly job). It returns how many were due.
func (s *Service) SendNotices(ctx context.Context) (int64, error) {
	due, err := s.store.dueNotices(ctx, s.now().UTC(), 100)
	for _, ep := range due {
		s.sendNotice(ctx, ep)
	}
	return int64(len(due)), err
}

// mailNotice sends the notice to each admin; an application without any
// is only logged.
func (s *Service) mailNotice(ctx context.Context, ep endpointRow) error {
	if s.mailer == nil || s.admins == nil {
		return nil
	}
	to, err := s.admins(ctx, ep.Tenant)
	if err != nil {
		return err
	}
	slices.Sort(to)
	to = slices.Compact(to)
	if len(to) == 0 {
		s.log.Info("webhook endpoint disabled: the application has no admin to tell", "tenant", ep.Tenant,
			"endpoint", ep.ID)
		return nil
	}
	m, err := noticeMessage(ep, s.consoleURL)
	if err != nil {
		return err
	}
	var errs []error
	for _, addr := range to {
		m.To = addr
		errs = append(errs, s.mailer.Send(ctx, m))
	}
	return errors.Join(errs...)
}

// noticeData fills the notice. It names the endpoint by id and by URL
// without its query or user info (where a receiver may keep a token);
// never a secret.
type noticeData struct {
	App, ID, URL             string
	FailingSince, DisabledAt string
	// Page is the endpoint's page in the admin console ("" without one).
	Page string
}

var noticeText = template.Must(template.New("text").Parse(`The webhook endpoint {{.ID}} ({{.URL}}) of application {{.App}} has failed every delivery since {{.FailingSince}} and was disabled at {{.DisabledAt}}.

While it is disabled, no message is queued for it and its pending deliveries fail without an attempt.

Once the receiver answers again, enable it with the application's ApiSecret:

  POST /webhooks/enable
  {"id": "{{.ID}}"}
{{if .Page}}
or, when the application is managed in the admin console, with Enable endpoint on its page:

  {{.Page}}
{{end}}
Then POST /webhooks/redeliver {"deliveryId": "…"} sends again any delivery listed as failed by GET /webhooks/deliveries?id={{.ID}}.
`))

var noticeHTML = htmltemplate.Must(htmltemplate.New("html").Parse(`<p>The webhook endpoint <code>{{.ID}}</code> (<code>{{.URL}}</code>) of application <code>{{.App}}</code> has failed every delivery since {{.FailingSince}} and was disabled at {{.DisabledAt}}.</p>
<p>While it is disabled, no message is queued for it and its pending deliveries fail without an attempt.</p>
<p>Once the receiver answers again, enable it with the application's ApiSecret: <code>POST /webhooks/enable {"id": "{{.ID}}"}</code>{{if .Page}} or, when the application is managed in the admin console, with Enable endpoint on <a href="{{.Page}}">its page</a>{{end}}.</p>
<p>Then <code>POST /webhooks/redeliver</code> sends again any delivery listed as failed by <code>GET /webhooks/deliveries?id={{.ID}}</code>.</p>
`))

// noticeMessage is the notice of ep; consoleURL, when set, adds the
// endpoint's console page.
func noticeMessage(ep endpointRow, consoleURL string) (mail.Message, error) {
	d := noticeData{App: ep.Tenant, ID: ep.ID, URL: displayURL(ep.URL)}
	if consoleURL != "" {
		d.Page = consoleURL + "/apps/" + url.PathEscape(ep.Tenant) + "/webhooks/" + url.PathEscape(ep.ID)
	}
	if ep.FailingSince != nil {
		d.FailingSince = ep.FailingSince.UTC().Format(time.RFC1123)
	}
	if ep.DisabledAt != nil {
		d.DisabledAt = ep.DisabledAt.UTC().Format(time.RFC1123)
	}
	var text, html bytes.Buffer
	if err := noticeText.Execute(&text, d); err != nil {
		return mail.Message{}, err
	}
	if err := noticeHTML.Execute(&html, d); err != nil {
		return mail.Message{}, err
	}
	return mail.Message{Subject: "Webhook endpoint disabled after 3 days of failures",
		Text: text.String(), HTML: html.String()}, nil
}

// displayURL is raw without user info, query or fragment.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return strings.TrimSuffix(u.String(), "?")
}
