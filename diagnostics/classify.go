package diagnostics

import (
	"regexp"
	"strings"
	"unicode"

	"passwordless/problems"
)

// kind ranks what a verdict was read from; the strongest wins, the first
// (closest to the root) among equals.
type kind int

const (
	kindNone     kind = iota
	kindGeneric       // a recognised but uninformative code (Apple 1004, ASC 1, UnknownError)
	kindKeyword       // a message's words that name a cause in a wording no table holds
	kindLabel         // an SDK's own "cancelled" label: any raw code or name beside it wins
	kindHint          // a name or code found inside a message, or Apple's domain reason
	kindCancel        // a structured cancellation: weaker than any other specific cause
	kindSpecific      // a structured, specific cause
	kindText          // a platform's own known message: more precise than the name it came with
	kindProvider      // the mark of an extension or third-party provider that took the call over
)

// verdict is one node's reading.
type verdict struct {
	code     problems.Code
	severity Severity // "" keeps the table's
	action   Action   // "" keeps the table's
	kind     kind
	platform Platform
	node     *node
}

func specific(code problems.Code, p Platform) verdict {
	k := kindSpecific
	if code == problems.PasskeyCancelled {
		k = kindCancel
	}
	return verdict{code: code, kind: k, platform: p}
}

func generic(code problems.Code, p Platform) verdict {
	return verdict{code: code, kind: kindGeneric, platform: p}
}

// rules read one node; each returns the zero verdict when it does not apply.
var rules = []func(n *node, r *Report) verdict{
	serverRule, stockClientRule, seedResultRule, appleRule, androidRule, domRule, sdkAliasRule, textRule, hintRule,
	wrapperErrorCodeRule, keywordRule,
}

// Classify reads a report: it walks the error's chain (underlying errors to
// eight levels), reads every error with every rule, and keeps the strongest
// verdict. Nothing recognised is passkey_unknown, never a cancellation.
func Classify(r Report) Classification {
	nodes := walk(r.Error)
	var best verdict
	for _, n := range nodes {
		for _, rule := range rules {
			v := rule(n, &r)
			if v.kind > best.kind {
				v.node = n
				best = v
			}
		}
	}
	if best.kind == kindNone {
		best = verdict{code: problems.PasskeyUnknown, kind: kindGeneric}
		if len(nodes) > 0 {
			best.node = nodes[0]
		}
	}
	return finish(best, r, nodes)
}

// finish applies the report's context (timing, ceremony, platform) and the
// table's defaults.
func finish(v verdict, r Report, nodes []*node) Classification {
	if v.code == problems.PasskeyNotAllowed && r.TimeoutMs > 0 && r.ElapsedMs >= r.TimeoutMs {
		v.code = problems.PasskeyTimeout
	}
	if v.code == problems.PasskeyCancelled && r.Immediate && r.Ceremony == SignIn {
		v.code, v.severity, v.action = problems.PasskeyNotAllowed, "", "" // cancelled, or no passkey here
	}
	if v.code == problems.PasskeyCancelled && r.Conditional && r.Ceremony == SignIn && aborted(v.node) {
		v.code, v.severity, v.action = problems.PasskeyInterrupted, "", "" // the page replaced the autofill request
	}
	if r.NoPasskey && r.Ceremony == SignIn && couldBeNoPasskey(v.code) {
		v.code, v.severity, v.action = problems.PasskeyNoCredentials, "", "" // the server knows there was none
	}
	platform := r.Platform
	if platform == "" {
		platform = v.platform
	}
	if platform == "" {
		platform = inferPlatform(nodes)
	}
	c := Classification{ErrorCode: v.code, Severity: v.severity, Action: v.action}
	if row, ok := rowOf[v.code]; ok {
		c.Title = catalogueTitle(v.code)
		c.Detail = row.SignIn
		if r.Ceremony == Register {
			c.Detail = row.Register
		}
		if c.Severity == "" {
			c.Severity = row.Severity
		}
		if c.Action == "" {
			c.Action = row.Action
		}
	} else if sr, ok := serverClassification(v.code); ok {
		c.Title = catalogueTitle(v.code)
		c.Severity, c.Action = sr.severity, sr.action
		c.Detail = actionDetail[sr.action]
	}
	if v.code == problems.PasskeyCancelled && r.Ceremony == Register {
		c.Action = None
	}
	c.Source = sourceOf(v.node, platform)
	c.Source.SDKLabel = sdkLabel(nodes)
	return c
}

// sdkLabel is the first SDK code in the chain, "" when none. Only what
// looks like a code is echoed ("UserCancelled", "Native error",
// "android-unhandled: …TYPE_…/…TYPE_…"), never a message some wrapper put
// in the same member: a source holds no messages.
func sdkLabel(nodes []*node) string {
	for _, n := range nodes {
		if n.codeText != "" {
			return asCode(n.codeText)
		}
	}
	return ""
}

var codeLike = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/ \-]{0,159}$`)

// asCode is s when it looks like a code, else "".
func asCode(s string) string {
	if codeLike.MatchString(s) && strings.Count(s, " ") <= 2 {
		return s
	}
	return ""
}

func catalogueTitle(code problems.Code) string {
	e, _ := problems.Lookup(code)
	return e.Title
}

// inferPlatform guesses the platform from the shapes seen when no rule
// named one.
func inferPlatform(nodes []*node) Platform {
	for _, n := range nodes {
		switch {
		case appleDomain(n.domain) != "":
			return IOS
		case n.typ != "" || n.domError != "":
			return Android
		case n.name != "" || n.from != "" || n.status != "":
			return Web
		}
	}
	return UnknownPlatform
}

// sourceOf describes the root of the chain and, when the verdict came from
// deeper down, the node it came from.
func sourceOf(n *node, p Platform) Source {
	if n == nil {
		return Source{Platform: p}
	}
	root := n
	for root.parent != nil {
		root = root.parent
	}
	s := summary(root)
	s.Platform = p
	if n != root {
		u := summary(n)
		s.Underlying = &u
	}
	return s
}

func summary(n *node) Source {
	s := Source{Domain: label(n.domain), Name: label(n.name), Type: label(n.typ), DomError: label(n.domError),
		ErrorCode: label(n.errorCode), StatusCode: label(n.status)}
	if n.hasCode {
		code := n.code
		s.Code = &code
	}
	if s.ErrorCode == "" && n.codeText != "" {
		s.ErrorCode = asCode(n.codeText)
	}
	return s
}

// label makes a client's string fit to echo: printable, at most 200 bytes.
func label(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "")
	}
	return s
}

// aborted says whether n is an abort (Firefox's AbortError "The operation
// was aborted.", which it also uses for a dismissed modal prompt) rather
// than a refusal such as NotAllowedError: a user who picked a passkey from
// the autofill list and then dismissed the verification is still a cancel.
func aborted(n *node) bool {
	if n == nil {
		return false
	}
	if strings.EqualFold(n.name, "AbortError") {
		return true
	}
	for _, t := range n.texts {
		if strings.Contains(strings.ToLower(t), "aborted") {
			return true
		}
	}
	return false
}
