// Package faults holds the outage tests (issue 16): the server is run
// against its own PostgreSQL and Redis processes, which the tests stop,
// pause (SIGSTOP) and restart. They run only with FAULT_TESTS=1 (set by
// .ci/run), as root with the postgres user and binaries installed.
package faults
