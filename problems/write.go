package problems

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
)

// ContentType is the exact media type of every problem response. The Node
// SDK compares it with ===, so it never carries a charset parameter.
const ContentType = "application/problem+json"

// TypeURI is the `type` member of a problem of code: the anchor of code on
// the /errors page the server itself serves.
func TypeURI(publicURL string, code Code) string {
	return publicURL + "/errors#" + string(code)
}

// Document is the JSON body of a problem. Extension members are merged at
// the top level by Marshal.
type Document struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	ErrorCode Code                `json:"errorCode"`
	Detail    string              `json:"detail,omitempty"`
	Errors    map[string][]string `json:"errors,omitempty"`
	TraceID   string              `json:"traceId"`
}

// Render builds the document of p. Codes missing from the catalogue become
// internal_error so that nothing uncatalogued ever leaves the server.
func Render(publicURL, traceID string, p *Error) Document {
	if _, ok := Lookup(p.Code); !ok {
		p = Internal(p)
	}
	return Document{
		Type:      TypeURI(publicURL, p.Code),
		Title:     p.title(),
		Status:    p.StatusCode(),
		ErrorCode: p.Code,
		Detail:    p.Detail,
		Errors:    p.Errors,
		TraceID:   traceID,
	}
}

// Marshal encodes the document of p with its extension members.
func Marshal(publicURL, traceID string, p *Error) []byte {
	doc := Render(publicURL, traceID, p)
	body, _ := json.Marshal(doc)
	if len(p.Extensions) == 0 || doc.ErrorCode != p.Code {
		return body
	}
	keys := make([]string, 0, len(p.Extensions))
	for k := range p.Extensions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.Write(body[:len(body)-1])
	for _, k := range keys {
		switch k {
		case "type", "title", "status", "errorCode", "detail", "errors", "traceId":
			continue // extensions never shadow the standard members
		}
		v, err := json.Marshal(p.Extensions[k])
		if err != nil {
			continue
		}
		name, _ := json.Marshal(k)
		buf.WriteByte(',')
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// Write sends p as an application/problem+json response, with the headers
// that belong to it.
func Write(w http.ResponseWriter, publicURL, traceID string, p *Error) {
	body := Marshal(publicURL, traceID, p)
	for k, vs := range p.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Del("Content-Length")
	w.WriteHeader(Render(publicURL, traceID, p).Status)
	_, _ = w.Write(body)
}
