package diagnostics

import "passwordless/problems"

// serverRule reads one of our own problem documents reported back
// ({from:"server", errorCode}, or any catalogued errorCode): it keeps its
// code and gets the severity and action of serverRows. A client-failure
// code reported back (a client passing on an earlier classification) is
// taken as it is.
func serverRule(n *node, _ *Report) verdict {
	if n.errorCode == "" || n.from == "client" {
		return verdict{}
	}
	code := problems.Code(n.errorCode)
	if problems.IsClientFailure(code) {
		return specific(code, "")
	}
	if _, ok := serverClassification(code); ok {
		return verdict{code: code, kind: kindSpecific}
	}
	return verdict{}
}
