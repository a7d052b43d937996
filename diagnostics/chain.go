package diagnostics

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// The walk's bounds: Apple nests underlying errors to any depth and a report
// may nest anything; the walker follows at most maxDepth levels and looks at
// no more than maxNodes errors, so a hostile report costs a bounded amount.
const (
	maxDepth   = 8
	maxNodes   = 64
	maxScanLen = 4096 // characters of one string searched for hints
)

// node is one error of a report's chain, its members normalised.
type node struct {
	depth     int
	domain    string
	code      int64
	hasCode   bool
	codeText  string // a non-numeric code (SDK wrappers: "cancelled", "UserCancelled")
	name      string // DOMException name
	typ       string // Android exception type or class
	domError  string
	from      string // the stock browser client's "client" / "server"
	errorCode string
	title     string
	status    string // seed-004 statusCode, e.g. "error-1001"
	texts     []string
	parent    *node
}

// key normalises a member name: case-insensitive, "_" and "-" ignored, so
// that failureReason, failure_reason and NSLocalizedFailureReason's tail meet.
func key(k string) string {
	b := make([]byte, 0, len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || c == '-':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// Member names, normalised by key, and which field of node they fill.
var (
	domainKeys   = []string{"domain", "errordomain", "nserrordomain"}
	codeKeys     = []string{"code", "errorcode", "nserrorcode", "statuscode"}
	nameKeys     = []string{"name"}
	typeKeys     = []string{"type", "exception", "exceptiontype", "classname", "class", "javaclass"}
	domErrorKeys = []string{"domerror", "domerrortype"}
	childKeys    = []string{"underlying", "underlyingerror", "nsunderlyingerror", "nsunderlyingerrorkey",
		"cause", "error", "nativeerror", "originalerror", "details", "code", "userinfo", "inner", "innererror",
		"info", "e"} // Misskey's API envelope: {error: {code, info: {e: {message}}}}
	multipleKeys = []string{"underlyingmultiple", "underlyingerrors", "nsmultipleunderlyingerrorskey",
		"nsmultipleunderlyingerrors", "multipleunderlyingerrors", "causes", "suppressed"}
)

// walk flattens the report's error into nodes, breadth first: the root,
// then its underlying errors level by level.
func walk(root map[string]any) []*node {
	type item struct {
		m      map[string]any
		s      string
		depth  int
		parent *node
	}
	queue := []item{{m: root}}
	var out []*node
	for len(queue) > 0 && len(out) < maxNodes {
		it := queue[0]
		queue = queue[1:]
		var n *node
		if it.m != nil {
			n = readNode(it.m)
		} else {
			n = &node{texts: []string{clip(it.s)}}
		}
		n.depth, n.parent = it.depth, it.parent
		out = append(out, n)
		if it.depth >= maxDepth || it.m == nil {
			continue
		}
		for _, child := range children(it.m) {
			switch c := child.(type) {
			case map[string]any:
				queue = append(queue, item{m: c, depth: it.depth + 1, parent: n})
			case string:
				queue = append(queue, item{s: c, depth: it.depth + 1, parent: n})
			}
		}
	}
	return out
}

// children are the underlying errors of m, in order: single, then multiple.
func children(m map[string]any) []any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order among siblings
	var out []any
	for _, k := range keys {
		v := m[k]
		nk := key(k)
		if contains(childKeys, nk) {
			if _, ok := v.(map[string]any); ok || isChildString(nk, v) {
				out = append(out, v)
			}
		}
		if contains(multipleKeys, nk) {
			if list, ok := v.([]any); ok {
				for i, e := range list {
					if i >= maxNodes {
						break
					}
					out = append(out, e)
				}
			}
		}
	}
	sortChildren(out)
	return out
}

// isChildString accepts a string child only where it is a description of an
// underlying error ("Error Domain=… Code=…"), not a code or a message.
func isChildString(k string, v any) bool {
	s, ok := v.(string)
	return ok && k != "code" && k != "error" && strings.Contains(s, "Domain=")
}

// sortChildren orders objects before strings so that structured errors are
// read before descriptions; map order is otherwise random.
func sortChildren(list []any) {
	objects := list[:0:0]
	var rest []any
	for _, e := range list {
		if _, ok := e.(map[string]any); ok {
			objects = append(objects, e)
		} else {
			rest = append(rest, e)
		}
	}
	copy(list, append(objects, rest...))
}

// readNode reads one error object's members.
func readNode(m map[string]any) *node {
	n := &node{}
	for k, v := range m {
		nk := key(k)
		switch {
		case contains(domainKeys, nk):
			n.domain = str(v)
		case contains(codeKeys, nk):
			n.readCode(nk, v)
		case contains(nameKeys, nk):
			n.name = str(v)
		case contains(typeKeys, nk):
			n.typ = str(v)
		case contains(domErrorKeys, nk):
			n.domError = domErrorOf(v)
		case nk == "from":
			n.from = strings.ToLower(str(v))
		case nk == "title":
			n.title = str(v)
		case nk == "error" && str(v) != "":
			n.codeText = str(v) // React Native wrappers: {"error":"UserCancelled","message":…}
		}
		switch x := v.(type) {
		case string:
			n.texts = append(n.texts, clip(x))
		case map[string]any:
			if nk == "userinfo" {
				sub := readNode(x)
				n.texts = append(n.texts, sub.texts...)
			}
		}
	}
	if n.typ != "" && strings.Contains(n.typ, "://") {
		n.typ = "" // a problem document's type URI, not an exception type
	}
	if name, ok := errorName(n.codeText); ok && n.name == "" {
		// A wrapper that puts the JavaScript error's name in its code
		// member ({"error":"TypeError",…}, Flutter's code) sends the same
		// error as {name, message}: read it as the name.
		n.name = name
	}
	return n
}

// readCode files a code member by its JSON type: numbers are NSError or
// platform codes, "error-10xx" is a seed-004 status, other strings are SDK
// codes or our own errorCode.
func (n *node) readCode(k string, v any) {
	s := strings.TrimSpace(str(v))
	if s == "" {
		return
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		n.code, n.hasCode = i, true
		return
	}
	switch {
	case strings.HasPrefix(strings.ToLower(s), "error-"):
		n.status = strings.ToLower(s)
	case k == "errorcode":
		n.errorCode = s
	case k == "statuscode":
		n.status = strings.ToLower(s)
	default:
		n.codeText = s
	}
}

// domErrorOf reads Android's domError: a type string or an object with one.
func domErrorOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		for k, e := range m {
			if key(k) == "type" {
				return str(e)
			}
		}
		return ""
	}
	return str(v)
}

// str renders a scalar as text; objects and arrays are not text.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return ""
}

func clip(s string) string {
	if len(s) > maxScanLen {
		return s[:maxScanLen]
	}
	return s
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
