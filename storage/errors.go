package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"passwordless/problems"
)

// This file is the one place where database and Redis errors are read.
// Every store's errors pass through Translate (the gorm plugin in
// plugin.go and the Redis hook in redis_errors.go apply it to every
// statement and command), so services see only three kinds of storage
// failure, each already a problem:
//
//   - not found: 404 not_found, errors.Is(err, ErrNotFound);
//   - conflict (a unique violation): 409 conflict, naming the constraint
//     (ConstraintOf); services turn it into their own code (alias_conflict…);
//   - unavailable (connection, pool, timeout, lock, Redis down): 503
//     service_unavailable with Retry-After, the whole outage story.
//
// Anything else stays a plain error and becomes a logged 500.

// ErrNotFound matches a translated not-found error with errors.Is.
var ErrNotFound = gorm.ErrRecordNotFound

// retryAfter is what a client is told to wait after an outage answer.
const retryAfter = "1"

// ConflictError is a unique-constraint violation.
type ConflictError struct {
	// Constraint is the violated index or constraint when the driver names
	// it (PostgreSQL), else the columns SQLite reports ("table.col, …").
	Constraint string
	Err        error
}

func (e *ConflictError) Error() string { return "conflict on " + e.Constraint + ": " + e.Err.Error() }
func (e *ConflictError) Unwrap() error { return e.Err }

// Translate classifies err once. It is idempotent, and an error that is
// already a problem is returned unchanged.
func Translate(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return err
	}
	var p *problems.Error
	if errors.As(err, &p) {
		return err
	}
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &problems.Error{Code: problems.NotFound, Err: err}
	case isUniqueViolation(err):
		return &problems.Error{Code: problems.Conflict, Err: &ConflictError{Constraint: constraintOf(err), Err: err}}
	case IsUnavailable(err):
		return &problems.Error{Code: problems.ServiceUnavailable, Err: err,
			Header: http.Header{"Retry-After": {retryAfter}}}
	}
	return err
}

// isUniqueViolation: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE
// (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555), or gorm's own sentinel.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return lite.Code() == 2067 || lite.Code() == 1555
	}
	return errors.Is(err, gorm.ErrDuplicatedKey)
}

// IsNotFound reports whether err is a record that does not exist.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// IsDuplicate reports whether err is a unique-constraint violation.
func IsDuplicate(err error) bool {
	var c *ConflictError
	return errors.As(err, &c) || isUniqueViolation(err)
}

// ConstraintOf names the violated constraint of a conflict, "" otherwise.
func ConstraintOf(err error) string {
	var c *ConflictError
	if errors.As(err, &c) {
		return c.Constraint
	}
	if isUniqueViolation(err) {
		return constraintOf(err)
	}
	return ""
}

func constraintOf(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.ConstraintName
	}
	// SQLite: "UNIQUE constraint failed: aliases.tenant, aliases.alias (2067)"
	msg := err.Error()
	if i := strings.Index(msg, "constraint failed: "); i >= 0 {
		msg = msg[i+len("constraint failed: "):]
		if j := strings.Index(msg, " ("); j >= 0 {
			msg = msg[:j]
		}
		return msg
	}
	return ""
}

// IsUnavailable reports whether err means a backing service could not
// answer: a connection, pool or timeout failure, a server shutting down or
// overloaded, a lock or serialization failure worth retrying, or Redis
// loading, failing over or closed. Such failures are the client's to retry.
func IsUnavailable(err error) bool {
	var p *problems.Error
	if errors.As(err, &p) {
		return p.Code == problems.ServiceUnavailable
	}
	for _, target := range []error{context.DeadlineExceeded, context.Canceled, driver.ErrBadConn,
		sql.ErrConnDone, io.EOF, io.ErrUnexpectedEOF, net.ErrClosed,
		redis.ErrClosed, redis.ErrPoolTimeout, redis.ErrPoolExhausted} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pgUnavailable(pg.Code)
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return sqliteUnavailable(lite.Code())
	}
	if redis.IsLoadingError(err) || redis.IsClusterDownError(err) || redis.IsTryAgainError(err) ||
		redis.IsMasterDownError(err) || redis.IsReadOnlyError(err) {
		return true
	}
	// Errors the drivers only give as text (database/sql's closed pool,
	// pgx's closed connection).
	msg := err.Error()
	for _, text := range []string{"sql: database is closed", "conn closed", "connection refused"} {
		if strings.Contains(msg, text) {
			return true
		}
	}
	return false
}

// pgUnavailable: connection exceptions (08), insufficient resources (53),
// operator intervention (57: shutdown, query cancelled by a timeout),
// serialization failures and deadlocks (40001, 40P01), lock not available.
func pgUnavailable(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"), strings.HasPrefix(code, "53"), strings.HasPrefix(code, "57"):
		return true
	}
	return code == "40001" || code == "40P01" || code == "55P03"
}

// sqliteUnavailable: SQLITE_BUSY (5), SQLITE_LOCKED (6), SQLITE_IOERR (10),
// SQLITE_FULL (13), SQLITE_CANTOPEN (14), extended codes included.
func sqliteUnavailable(code int) bool {
	switch code & 0xff {
	case 5, 6, 10, 13, 14:
		return true
	}
	return false
}
