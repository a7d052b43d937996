// Fixture: an HTTP-layer package owning a store over storage.
package console

import "passwordless/storage"

var _ = storage.Conn
