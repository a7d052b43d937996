// Fixture: api importing console, its neighbour in the HTTP layer.
package api

import "passwordless/console"

var _ console.Console
