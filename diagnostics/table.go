package diagnostics

import (
	"net/http"

	"passwordless/problems"
)

// Row is the classification table's entry of one client-failure code: its
// default severity and action, and the sentence a page may show the user
// on sign-in and on registration (seed 001's messages).
type Row struct {
	Code     problems.Code
	Severity Severity
	Action   Action
	SignIn   string
	Register string
}

// table is the classification of every client-failure code, in catalogue
// order. Rules may override severity and action for one source (ASC 5 is
// environmental where 1005 is expected; a cancelled registration needs no
// fallback). docs/diagnostics.md shows this table; a test keeps them equal.
var table = []Row{
	{problems.PasskeyCancelled, Expected, Fallback,
		"The passkey request was cancelled. You can try again or sign in another way.",
		"Passkey setup was cancelled. You can try again or continue without a passkey."},
	{problems.PasskeyNotAllowed, Expected, Fallback,
		"No passkey was used: the request was cancelled, timed out, or no passkey for this site is on this device. Try again or sign in another way.",
		"The passkey was not created: the request was cancelled or timed out. Try again or set it up later."},
	{problems.PasskeyTimeout, Transient, Retry,
		"You did not respond to the passkey prompt in time. Please try again.",
		"You did not respond to the passkey prompt in time. Try again or set it up later."},
	{problems.PasskeyNoCredentials, Expected, Fallback,
		"No passkey for this site is on this device. Sign in another way; you can then create a passkey here.",
		"No passkey could be created on this device. Continue without a passkey for now."},
	{problems.PasskeyAlreadyRegistered, Expected, SignInInstead,
		"A passkey for this account already exists on this device. Sign in with it.",
		"A passkey for this account already exists on this device. You cannot register the same device twice."},
	{problems.PasskeyDeviceNotConfigured, Environmental, SuppressPrompts,
		"This device is not set up for passkeys (it needs a screen lock or a password manager). Sign in another way.",
		"This device is not set up for passkeys (it needs a screen lock or a password manager). Continue without a passkey."},
	{problems.PasskeyNotSupported, Environmental, SuppressPrompts,
		"Your browser or device does not support passkeys. Sign in another way or use a different device.",
		"Your browser or device does not support passkeys. Continue without a passkey or use a different device."},
	{problems.PasskeyInterrupted, Transient, Retry,
		"The passkey request was interrupted. Please try again.",
		"Passkey setup was interrupted. Please try again."},
	{problems.PasskeyBiometryLockout, Transient, Retry,
		"Biometrics are locked after too many attempts. Try again and use your device passcode.",
		"Biometrics are locked after too many attempts. Try again and use your device passcode."},
	{problems.PasskeyVerificationFailed, Transient, Retry,
		"We could not verify you. Try again or use another method to sign in.",
		"We could not verify you. Try again or set up a passkey later."},
	{problems.PasskeyMisconfigured, Configuration, FixConfiguration,
		"Passkey sign-in is temporarily unavailable. Sign in another way.",
		"Passkeys cannot be set up here right now. Continue without a passkey."},
	{problems.SecurityKeyPinInvalid, Transient, Retry,
		"The security key PIN was not accepted. Try again.",
		"The security key PIN was not accepted. Try again."},
	{problems.SecurityKeyLocked, Transient, Retry,
		"Your security key is locked. Remove it and try again, or sign in another way.",
		"Your security key is locked. Remove it and try again, or set up a passkey later."},
	{problems.SecurityKeyFull, Environmental, Fallback,
		"Your security key is full.",
		"Your security key has no room for another passkey. Use another authenticator."},
	{problems.SecurityKeyMultiple, Transient, Retry,
		"More than one security key was found. Present only one and try again.",
		"More than one security key was found. Present only one and try again."},
	{problems.PasskeyPreferSignInWithApple, Expected, Fallback,
		"Continue with Sign in with Apple.",
		"Continue with Sign in with Apple."},
	{problems.PasskeyPlatformError, PlatformFault, Fallback,
		"Verification couldn't be completed. Sign in another way.",
		"We were unable to set up a passkey on this device. Continue without a passkey for now."},
	{problems.PasskeyNetworkError, Transient, Retry,
		"Passkey sign-in is temporarily unavailable. Try again or sign in another way.",
		"We could not complete the passkey setup right now. Try again or set it up later."},
	{problems.PasskeyUnknown, Unknown, Fallback,
		"Something went wrong with the passkey. Sign in another way.",
		"Something went wrong while setting up the passkey. Continue without a passkey for now."},
	{problems.PasskeyBiometryUnavailable, Environmental, Fallback,
		"Biometrics are not available on this device. Use your device passcode or sign in another way.",
		"Biometrics are not available on this device. Use your device passcode or continue without a passkey."},
}

var rowOf = func() map[problems.Code]Row {
	m := make(map[problems.Code]Row, len(table))
	for _, r := range table {
		m[r.Code] = r
	}
	return m
}()

// Table returns the classification table in catalogue order (a copy).
func Table() []Row { return append([]Row(nil), table...) }

// serverRow is the severity and action of one of our own problems reported
// back by a client.
type serverRow struct {
	severity Severity
	action   Action
}

var serverRows = map[problems.Code]serverRow{
	problems.MaxCredentialsPerUserExceeded: {Expected, RemovePasskey},
	problems.SessionExpired:                {Transient, Retry},
	problems.SessionNotFound:               {Transient, Retry},
	problems.ExpiredToken:                  {Transient, Retry},
	problems.ServiceUnavailable:            {Transient, Retry},
	problems.RateLimited:                   {Transient, Retry},
	problems.InternalError:                 {Transient, Retry},
	problems.UnknownCredential:             {Environmental, OfferNewPasskey},
	problems.SignatureCounterRegressed:     {Environmental, OfferNewPasskey},
	problems.CredentialAlreadyRegistered:   {Expected, SignInInstead},
	problems.SigninCompleteError:           {PlatformFault, Fallback},
	problems.Fido2InvalidRegistration:      {PlatformFault, Fallback},
	problems.AuthenticatorNotAllowed:       {Environmental, Fallback},
	problems.MaxUsersExceeded:              {Configuration, Fallback},
	problems.MaxUsersReached:               {Configuration, Fallback},
}

// serverClassification is the row of a catalogued server code: explicit,
// else transient for 5xx and a configuration fault for every other 4xx
// (keys, tokens, origins: things the integrator fixes).
func serverClassification(code problems.Code) (serverRow, bool) {
	e, ok := problems.Lookup(code)
	if !ok || e.Status == 0 {
		return serverRow{}, false
	}
	if r, ok := serverRows[code]; ok {
		return r, true
	}
	if e.Status >= http.StatusInternalServerError {
		return serverRow{Transient, Retry}, true
	}
	return serverRow{Configuration, FixConfiguration}, true
}

// actionDetail is the user sentence for a server code, by action.
var actionDetail = map[Action]string{
	Retry:            "Something went wrong. Please try again.",
	RemovePasskey:    "You have reached the maximum number of passkeys. Remove an existing passkey to add a new one.",
	OfferNewPasskey:  "This passkey is no longer valid here. Sign in another way; you can then create a new passkey.",
	SignInInstead:    "This passkey is already registered. Sign in with it.",
	Fallback:         "Verification failed. Use another sign-in method.",
	FixConfiguration: "Passkeys are temporarily unavailable. Sign in another way.",
}
