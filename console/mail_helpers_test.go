package console_test

import (
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"passwordless/api/apitest"
)

// mails reads and removes every e-mail in the harness's outbox (the
// server's mailer without SMTP_URL), decoded from quoted-printable, once
// the sign-in links being sent are out.
func mails(t *testing.T, h *apitest.Harness) []string {
	t.Helper()
	h.Server.Console.WaitMail() // sign-in links are sent off the request
	dir := filepath.Join(h.Config.DataDir, "outbox")
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(raw))))
		if err != nil {
			text = raw
		}
		out = append(out, string(text))
		_ = os.Remove(f)
	}
	return out
}

// mailedLink is the one link to path (with its token) mailed to to since
// the outbox was last read.
func mailedLink(t *testing.T, h *apitest.Harness, to, path string) string {
	t.Helper()
	pattern := regexp.MustCompile(regexp.QuoteMeta(origin+path) + `\?token=[A-Za-z0-9._~-]+`)
	var links []string
	for _, m := range mails(t, h) {
		if strings.Contains(m, "To: <"+to+">") || strings.Contains(m, "To: "+to) {
			if l := pattern.FindString(m); l != "" {
				links = append(links, l)
			}
		}
	}
	if len(links) != 1 {
		t.Fatalf("links to %s mailed to %s: %v, want one", path, to, links)
	}
	return strings.TrimPrefix(links[0], origin)
}

// askLink posts the sign-in page's "e-mail me a sign-in link" form.
func (b *browser) askLink(t *testing.T, email string) page {
	t.Helper()
	csrf := attr(t, b.get(t, "/console/signin"), "data-csrf")
	return b.post(t, "/console/signin/email", csrf, url.Values{"email": {email}})
}

// useLink opens a mailed sign-in link and presses its button.
func (b *browser) useLink(t *testing.T, link string) page {
	t.Helper()
	p := b.get(t, link)
	if p.Status != http.StatusOK {
		t.Fatalf("link page: %d %.300s", p.Status, p.Body)
	}
	token := regexp.MustCompile(`name="token" value="([^"]*)"`).FindStringSubmatch(p.Body)
	if token == nil {
		t.Fatalf("no token on the link page: %.500s", p.Body)
	}
	return b.post(t, "/console/signin/link", csrfOf(t, p), url.Values{"token": {unescape(token[1])}})
}

func unescape(s string) string {
	r := strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">")
	return r.Replace(s)
}
