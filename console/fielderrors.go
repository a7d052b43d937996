package console

import (
	"context"
	"errors"
	"html/template"
	"strings"

	"passwordless/problems"
)

// A refused form comes back with what was typed (each page keeps its
// form's values) and each field's message next to the field, besides the
// page's alert at the top. The messages are the refusal's validation
// errors (problems.Error.Errors), in the console's words, keyed by the
// form's field name: sentence, the console's one way of turning an error
// into words, leaves them in the request's fieldErrors, and render hands
// them to the page as view.Fields, where {{fieldError $ "name"}} shows one.

// fieldErrors is a request's messages by form field name.
type fieldErrors struct{ m map[string]string }

type fieldErrorsKey struct{}

// withFieldErrors returns ctx with a place for the request's field
// messages (authed sets one for every page of a signed-in admin).
func withFieldErrors(ctx context.Context) context.Context {
	return context.WithValue(ctx, fieldErrorsKey{}, &fieldErrors{})
}

func fieldErrorsOf(ctx context.Context) *fieldErrors {
	f, _ := ctx.Value(fieldErrorsKey{}).(*fieldErrors)
	return f
}

// formFields names the form field of an API member where the two differ.
var formFields = map[string]string{
	"events":                      "event",
	"hints":                       "hint",
	"userVerificationRequirement": "userVerification",
	"passkeyPromptSkipDays":       "promptSkipDays",
	"passkeyPromptSkipSignIns":    "promptSkipSignIns",
	"passkeyRollout.percentage":   "percentage",
	"passkeyRollout.suppressDays": "suppressDays",
	"scopes":                      "scope",
}

// keepFieldErrors leaves err's validation messages in ctx's fieldErrors.
func keepFieldErrors(ctx context.Context, err error) {
	f := fieldErrorsOf(ctx)
	var p *problems.Error
	if f == nil || !errors.As(err, &p) || len(p.Errors) == 0 {
		return
	}
	f.m = make(map[string]string, len(p.Errors))
	for k, msgs := range p.Errors {
		if len(msgs) == 0 {
			continue
		}
		if k != "" {
			k = strings.ToLower(k[:1]) + k[1:]
		}
		if name, ok := formFields[k]; ok {
			k = name
		}
		f.m[k] = consoleWords.Replace(msgs[0])
	}
}

// keepFieldError leaves msg as the message of field name, for a refusal
// that is about one field without being a validation error.
func keepFieldError(ctx context.Context, name, msg string) {
	if f := fieldErrorsOf(ctx); f != nil {
		if f.m == nil {
			f.m = map[string]string{}
		}
		f.m[name] = msg
	}
}

// renameFieldError keys the message of field from under to, for a page
// with two forms that share a field name.
func renameFieldError(ctx context.Context, from, to string) {
	f := fieldErrorsOf(ctx)
	if f == nil {
		return
	}
	if msg, ok := f.m[from]; ok {
		delete(f.m, from)
		f.m[to] = msg
	}
}

// fieldError is the message of field name on the page of v, as a
// paragraph next to the field ("" when the field was not refused); its id
// is what the field's aria-describedby names.
func fieldError(v view, name string) template.HTML {
	msg, ok := v.Fields[name]
	if !ok {
		return ""
	}
	return template.HTML(`<p class="field-error" id="` + template.HTMLEscapeString(name) + `-error">` +
		template.HTMLEscapeString(msg) + `</p>`)
}

// fieldInvalid marks a refused field for assistive technology:
// aria-invalid and aria-describedby naming its message.
func fieldInvalid(v view, name string) template.HTMLAttr {
	if _, ok := v.Fields[name]; !ok {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(name) + `-error"`)
}
