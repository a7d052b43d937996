package magiclink

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strconv"
	"text/template"
	"time"

	"passwordless/mail"
)

// linkData fills the body templates.
type linkData struct {
	Host    string // what the recipient signs in to: a site's name or the link's host
	Link    string
	Expires string
}

var textBody = template.Must(template.New("text").Parse(`Sign in to {{.Host}}

Open this link to sign in. It expires in {{.Expires}}.

{{.Link}}

If you did not ask to sign in, you can ignore this e-mail.
`))

// htmlBody is deliberately plain: inline styles only, one button and the
// raw link for clients that strip buttons. html/template escapes the link.
var htmlBody = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html><body style="font-family:sans-serif;line-height:1.5">
<h1 style="font-size:20px">Sign in to {{.Host}}</h1>
<p>Open this link to sign in. It expires in {{.Expires}}.</p>
<p><a href="{{.Link}}" style="display:inline-block;padding:10px 20px;background:#175ddc;color:#ffffff;text-decoration:none;border-radius:4px">Sign in</a></p>
<p style="font-size:12px;color:#555">Or copy this link into your browser:<br><a href="{{.Link}}">{{.Link}}</a></p>
<p style="font-size:12px;color:#555">If you did not ask to sign in, you can ignore this e-mail.</p>
</body></html>
`))

// NewMessage builds the e-mail for link to recipient. The subject is
// upstream's: "Sign in to <link host>".
func NewMessage(to, link string, ttl time.Duration) (mail.Message, error) {
	return NewSiteMessage(to, link, ttl, "")
}

// NewSiteMessage is NewMessage signing the recipient in to site ("Sign in
// to the Passwordless console"); a blank site is the link's host.
func NewSiteMessage(to, link string, ttl time.Duration, site string) (mail.Message, error) {
	u, err := url.Parse(link)
	if err != nil {
		return mail.Message{}, fmt.Errorf("parse link: %w", err)
	}
	if site == "" {
		site = u.Hostname()
	}
	d := linkData{Host: site, Link: link, Expires: humanize(ttl)}
	var text, html bytes.Buffer
	if err := textBody.Execute(&text, d); err != nil {
		return mail.Message{}, fmt.Errorf("text body: %w", err)
	}
	if err := htmlBody.Execute(&html, d); err != nil {
		return mail.Message{}, fmt.Errorf("html body: %w", err)
	}
	return mail.Message{To: to, Subject: "Sign in to " + d.Host, Text: text.String(), HTML: html.String()}, nil
}

// humanize writes a lifetime in its largest whole unit ("1 hour",
// "5 minutes"), falling back to seconds.
func humanize(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}}
	for _, u := range units {
		if d >= u.size && d%u.size == 0 {
			return plural(int64(d/u.size), u.name)
		}
	}
	return plural(int64(d/time.Second), "second")
}

func plural(n int64, unit string) string {
	s := strconv.FormatInt(n, 10) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}
