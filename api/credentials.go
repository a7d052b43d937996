package api

import (
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/passkeys"
)

type descriptorView struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// credentialView is a passkey as upstream lists it: the descriptor id is
// base64url, publicKey and userHandle standard base64 (spec §2.4).
type credentialView struct {
	Descriptor       descriptorView `json:"descriptor"`
	PublicKey        string         `json:"publicKey"`
	UserHandle       string         `json:"userHandle"`
	SignatureCounter uint32         `json:"signatureCounter"`
	AttestationFmt   string         `json:"attestationFmt"`
	CreatedAt        time.Time      `json:"createdAt"`
	AAGUID           *string        `json:"aaGuid"`
	LastUsedAt       time.Time      `json:"lastUsedAt"`
	RPID             string         `json:"rpid"`
	Origin           string         `json:"origin"`
	Country          *string        `json:"country"`
	Device           *string        `json:"device"`
	Nickname         *string        `json:"nickname"`
	UserID           string         `json:"userId"`
	BackupState      *bool          `json:"backupState"`
	IsBackupEligible *bool          `json:"isBackupEligible"`
	IsDiscoverable   *bool          `json:"isDiscoverable"`
}

func viewOf(c passkeys.Credential) credentialView {
	return credentialView{
		Descriptor: descriptorView{Type: "public-key", ID: base64.RawURLEncoding.EncodeToString(c.ID)},
		PublicKey:  base64.StdEncoding.EncodeToString(c.PublicKey), UserHandle: base64.StdEncoding.EncodeToString(c.UserHandle),
		SignatureCounter: c.SignCount, AttestationFmt: c.AttestationFmt, CreatedAt: c.CreatedAt, AAGUID: c.AAGUID,
		LastUsedAt: c.LastUsedAt, RPID: c.RPID, Origin: c.Origin, Country: c.Country, Device: c.Device,
		Nickname: c.Nickname, UserID: c.UserID, BackupState: c.BackupState, IsBackupEligible: c.BackupEligible,
		IsDiscoverable: c.IsDiscoverable,
	}
}

type userIDRequest struct {
	UserID string `json:"userId"`
}

// listCredentials handles GET /credentials/list?userId= and POST
// /credentials/list {"userId"}.
func (s *server) listCredentials(c *gin.Context) error {
	var userID string
	if c.Request.Method == http.MethodPost {
		var req userIDRequest
		if err := bindJSON(c, &req); err != nil {
			return err
		}
		userID = req.UserID
	} else {
		userID, _ = query(c, "userId")
	}
	list, err := s.deps.Passkeys.Credentials(c.Request.Context(), appOf(c).ID, userID)
	if err != nil {
		return err
	}
	writeValues(c, list, viewOf)
	return nil
}

type deleteCredentialRequest struct {
	CredentialID string `json:"credentialId"`
}

// deleteCredential handles POST /credentials/delete; an unknown id is 204
// too (upstream answers 500).
func (s *server) deleteCredential(c *gin.Context) error {
	var req deleteCredentialRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.deps.Passkeys.DeleteCredential(c.Request.Context(), appOf(c).ID, req.CredentialID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
