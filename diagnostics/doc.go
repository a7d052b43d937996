// Package diagnostics is passkey intelligence: it classifies the failures
// browsers and apps report (Apple NSError chains, Android Credential Manager
// exceptions, DOMExceptions, the stock browser client's error objects, our
// own problem documents reported back), counts them per app and day, and
// decides when to offer a user a new passkey.
//
// The classifier (report.go, chain.go, classify*.go, table.go) is pure Go
// with no I/O; the stores and the service hold the bounded counters.
package diagnostics
