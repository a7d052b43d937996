// Package importer brings the data of a Passwordless.dev self-hosted
// server into this one: applications and their features, API keys (as
// upstream's hashes, so the same secrets keep working), credentials with
// their public keys, counters, AAGUIDs and user handles, aliases,
// authentication configurations, authenticator allow/block lists and
// event logs. Users then sign in with
// their existing passkeys, unchanged.
//
// The source is upstream's API database as its EF Core migrations leave it
// (src/Service/Migrations/Sqlite, up to 20240722200755_CredentialHints):
// read-only, through database/sql. Rows are written through the domain
// services' import methods, each application in one transaction, and
// nothing already here is changed, so running an import twice changes
// nothing. A dry run does the same work and rolls every transaction back.
package importer
