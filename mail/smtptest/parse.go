package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Header returns a header of the message, decoded (RFC 2047).
func (m Mail) Header(name string) (string, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return "", err
	}
	return new(mime.WordDecoder).DecodeHeader(msg.Header.Get(name))
}

// Part returns the decoded body of the part of the given media type
// ("text/plain", "text/html") of a multipart/alternative message.
func (m Mail) Part(mediaType string) (string, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return "", err
	}
	ct, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(ct, "multipart/") {
		if ct == mediaType {
			return decode(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
		}
		return "", fmt.Errorf("message is %s, not multipart", ct)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err != nil {
			return "", fmt.Errorf("no %s part: %w", mediaType, err)
		}
		if pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); pt == mediaType {
			return decode(p, p.Header.Get("Content-Transfer-Encoding"))
		}
	}
}

func decode(r io.Reader, encoding string) (string, error) {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	return string(b), err
}
