package passkeystest

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrBrowserRefuses is wrapped by every error for options a browser would
// refuse before ever reaching an authenticator.
var ErrBrowserRefuses = errors.New("passkeystest: a browser refuses these options")

// creationOptions is the part of PublicKeyCredentialCreationOptions the
// authenticator reads.
type creationOptions struct {
	RP struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"rp"`
	User struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		DisplayName string `json:"displayName"`
	} `json:"user"`
	Challenge        string `json:"challenge"`
	PubKeyCredParams []struct {
		Type string `json:"type"`
		Alg  Alg    `json:"alg"`
	} `json:"pubKeyCredParams"`
	ExcludeCredentials []descriptor `json:"excludeCredentials"`
	Attestation        string       `json:"attestation"`
	Selection          struct {
		ResidentKey      string `json:"residentKey"`
		UserVerification string `json:"userVerification"`
	} `json:"authenticatorSelection"`
}

// requestOptions is the part of PublicKeyCredentialRequestOptions the
// authenticator reads.
type requestOptions struct {
	Challenge        string       `json:"challenge"`
	RPID             string       `json:"rpId"`
	AllowCredentials []descriptor `json:"allowCredentials"`
	UserVerification string       `json:"userVerification"`
}

type descriptor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// The checks list, per member, what Chromium does with it (clients.md
// §2.5): "list" must be absent or an array, "required" must be present and
// not null. allowCredentials may be null: the client maps it to undefined.
var (
	createChecks = map[string]string{"excludeCredentials": "list", "hints": "list", "timeout": "required",
		"challenge": "required", "pubKeyCredParams": "required", "rp": "required", "user": "required"}
	getChecks = map[string]string{"hints": "list", "timeout": "required",
		"challenge": "required", "rpId": "required"}
)

// checkBrowser applies checks to the top-level members of options.
func checkBrowser(options []byte, checks map[string]string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(options, &m); err != nil {
		return fmt.Errorf("%w: not a JSON object: %v", ErrBrowserRefuses, err)
	}
	for name, rule := range checks {
		v, present := m[name]
		isNull := present && string(v) == "null"
		switch {
		case rule == "required" && (!present || isNull):
			return fmt.Errorf("%w: %s is missing or null", ErrBrowserRefuses, name)
		case rule == "list" && isNull:
			return fmt.Errorf("%w: %s is null (cannot be converted to a sequence)", ErrBrowserRefuses, name)
		case rule == "list" && present && v[0] != '[':
			return fmt.Errorf("%w: %s is not a list", ErrBrowserRefuses, name)
		}
	}
	return nil
}

func parseCreation(options []byte) (*creationOptions, error) {
	if err := checkBrowser(options, createChecks); err != nil {
		return nil, err
	}
	var o creationOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBrowserRefuses, err)
	}
	if o.RP.Name == "" {
		return nil, fmt.Errorf("%w: rp.name is empty (password managers fail)", ErrBrowserRefuses)
	}
	for _, p := range o.PubKeyCredParams {
		if p.Type != "public-key" {
			return nil, fmt.Errorf("%w: pubKeyCredParams type %q", ErrBrowserRefuses, p.Type)
		}
	}
	return &o, nil
}

func parseRequest(options []byte) (*requestOptions, error) {
	if err := checkBrowser(options, getChecks); err != nil {
		return nil, err
	}
	var o requestOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBrowserRefuses, err)
	}
	return &o, nil
}
