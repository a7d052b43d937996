// Package authenticators owns an application's authenticator allow and
// block lists (by AAGUID), the policy that applies them at registration,
// and the FIDO metadata (MDS) the lists are checked against.
//
// The FIDO Metadata Service cannot be downloaded at run time here, so the
// metadata comes from a file named in the configuration (the MDS3 blob as
// published, or its unsigned JSON payload). Without one the catalogue is
// open: any well-formed AAGUID may be listed and the /mds endpoints are
// empty.
//
// It also names passkey providers by AAGUID for passkey lists
// (Catalog.Provider): an embedded subset of the community list, then the
// FIDO metadata, then "Unknown authenticator" (providers.go).
package authenticators
