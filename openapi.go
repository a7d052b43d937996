// Package passwordless holds the files that live at the repository root and
// are compiled into the server: the OpenAPI document. It exists because an
// embed directive cannot reach a parent directory, and the document belongs
// at the root where readers and tools look for it.
package passwordless

import _ "embed"

// OpenAPI is openapi.yaml, the contract of the whole public and management
// API. apidocs serves it; the contract tests in api check the router and the
// responses against it.
//
//go:embed openapi.yaml
var OpenAPI []byte
