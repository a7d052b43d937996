package problems

import (
	"bytes"
	"encoding/json"
	"html/template"
)

var pageTemplate = template.Must(template.New("errors").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error codes</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h2{font-family:monospace;font-size:1.1rem;margin-top:2rem}code{background:#f3f3f3;padding:0 .2rem}
.meta{color:#555}</style></head><body>
<h1>Error codes</h1>
<p>Every failure is an RFC 7807 problem document (<code>application/problem+json</code>) with
<code>type</code>, <code>title</code>, <code>status</code>, <code>errorCode</code> and <code>traceId</code>.
The <code>type</code> of a problem points at its entry below. Codes are stable: they are never renamed or reused.
The same list as data: <a href="errors.json">errors.json</a>.</p>
{{range .}}<section id="{{.Code}}"><h2><a href="#{{.Code}}">{{.Code}}</a></h2>
<p class="meta">{{if .Status}}HTTP {{.Status}}{{else}}Reported by a client (POST /diagnostics/failures){{end}} — {{.Title}}</p><p>{{.Doc}}</p></section>
{{end}}</body></html>
`))

// HTML renders the /errors page: one anchored section per code, so that a
// problem's type URI lands on its explanation.
func HTML() []byte {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, catalogue); err != nil {
		panic(err) // the template and catalogue are static; a failure is a bug
	}
	return buf.Bytes()
}

// JSON renders the catalogue as a JSON array for /errors.json.
func JSON() []byte {
	body, _ := json.Marshal(catalogue)
	return body
}
