package importer

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"passwordless/authenticators"
	"passwordless/events"
	"passwordless/passkeys"
	"passwordless/tenants"
)

// apps reads AccountInfo with its AppFeatures row (the defaults of an
// application created here when there is none).
func (s *Source) apps(ctx context.Context) ([]*tenants.App, error) {
	var out []*tenants.App
	q := `SELECT a.AcountName, a.AdminEmailsSerialized, a.CreatedAt, a.DeleteAt,
  f.Tenant, f.EventLoggingIsEnabled, f.EventLoggingRetentionPeriod, f.MagicLinkEmailMonthlyQuota,
  f.DeveloperLoggingEndsAt, f.MaxUsers, f.AllowAttestation, f.IsGenerateSignInTokenEndpointEnabled, f.IsMagicLinksEnabled
FROM AccountInfo a LEFT JOIN AppFeatures f ON f.Tenant = a.AcountName ORDER BY a.AcountName`
	err := s.each(ctx, "AccountInfo", q, nil, func(r *sql.Rows) error {
		var id, emails, created string
		var deleteAt, fTenant, devEnds sql.NullString
		var logging, attestation, tokens, magic sql.NullBool
		var retention, quota sql.NullInt64
		var maxUsers sql.NullInt64
		if err := r.Scan(&id, &emails, &created, &deleteAt, &fTenant, &logging, &retention, &quota,
			&devEnds, &maxUsers, &attestation, &tokens, &magic); err != nil {
			return err
		}
		app := &tenants.App{ID: id, Features: tenants.DefaultFeatures()}
		var err error
		if app.CreatedAt, err = parseTime(created); err != nil {
			return fmt.Errorf("application %s: %w", id, err)
		}
		if app.DeleteAt, err = parseNullTime(deleteAt); err != nil {
			return fmt.Errorf("application %s: %w", id, err)
		}
		_ = json.Unmarshal([]byte(emails), &app.AdminEmails) // upstream writes a JSON array
		if fTenant.Valid {
			f := &app.Features
			f.EventLoggingEnabled, f.EventLoggingRetentionDays = logging.Bool, int(retention.Int64)
			f.MagicLinkEmailMonthlyQuota, f.AllowAttestation = int(quota.Int64), attestation.Bool
			f.GenerateSignInTokenEnabled, f.MagicLinksEnabled = tokens.Bool, magic.Bool
			if maxUsers.Valid {
				f.MaxUsers = &maxUsers.Int64
			}
			if f.DeveloperLoggingEndsAt, err = parseNullTime(devEnds); err != nil {
				return fmt.Errorf("application %s: %w", id, err)
			}
		}
		out = append(out, app)
		return nil
	})
	return out, err
}

// keys reads the ApiKeys of tenant. A public key is stored in full; a
// secret as upstream's PBKDF2 hash, kept as it is.
func (s *Source) keys(ctx context.Context, tenant string) ([]*tenants.APIKey, error) {
	var out []*tenants.APIKey
	q := `SELECT Id, ApiKey, Scopes, IsLocked, LastLockedAt, LastUnlockedAt, CreatedAt FROM ApiKeys WHERE Tenant = ? ORDER BY Id`
	err := s.each(ctx, "ApiKeys", q, []any{tenant}, func(r *sql.Rows) error {
		var id, value, scopes string
		var locked bool
		var lockedAt, unlockedAt, created sql.NullString
		if err := r.Scan(&id, &value, &scopes, &locked, &lockedAt, &unlockedAt, &created); err != nil {
			return err
		}
		k := &tenants.APIKey{Tenant: tenant, ID: id, Kind: tenants.Public, PublicValue: value}
		if !strings.Contains(value, ":public:") {
			var err error
			if k, err = tenants.ImportedSecret(tenant, id, value, nil); err != nil {
				return fmt.Errorf("key %s of %s: %w", id, tenant, err)
			}
		}
		k.Scopes, k.IsLocked = splitList(scopes), locked
		var err error
		if k.LastLockedAt, err = parseNullTime(lockedAt); err == nil {
			k.LastUnlockedAt, err = parseNullTime(unlockedAt)
		}
		if err == nil && created.Valid { // CreatedAt came in 20240115; older rows default to the epoch
			k.CreatedAt, err = parseTime(created.String)
		}
		if err != nil {
			return fmt.Errorf("key %s of %s: %w", id, tenant, err)
		}
		out = append(out, k)
		return nil
	})
	return out, err
}

// credentials reads the Credentials of tenant: the COSE public key, the
// user handle and id, the counter and the flags, as upstream stored them.
func (s *Source) credentials(ctx context.Context, tenant string) ([]passkeys.Credential, error) {
	var out []passkeys.Credential
	q := `SELECT DescriptorId, PublicKey, UserHandle, UserId, SignatureCounter, AttestationFmt, CreatedAt, LastUsedAt,
  AaGuid, RPID, Origin, Country, Device, Nickname, BackupState, IsBackupEligible, IsDiscoverable
FROM Credentials WHERE Tenant = ? ORDER BY CreatedAt, DescriptorId`
	err := s.each(ctx, "Credentials", q, []any{tenant}, func(r *sql.Rows) error {
		c := passkeys.Credential{Tenant: tenant}
		var counter int64
		var created, lastUsed string
		var aaguid, country, device, nickname sql.NullString
		var backupState, backupEligible, discoverable sql.NullBool
		if err := r.Scan(&c.ID, &c.PublicKey, &c.UserHandle, &c.UserID, &counter, &c.AttestationFmt, &created, &lastUsed,
			&aaguid, &c.RPID, &c.Origin, &country, &device, &nickname, &backupState, &backupEligible, &discoverable); err != nil {
			return err
		}
		if counter < 0 || counter > 1<<32-1 {
			return fmt.Errorf("credential of %s: signature counter %d out of range", c.UserID, counter)
		}
		c.SignCount = uint32(counter)
		c.AAGUID, c.Country, c.Device, c.Nickname = guid(aaguid), nullString(country), nullString(device), nullString(nickname)
		c.BackupState, c.BackupEligible, c.IsDiscoverable = nullBool(backupState), nullBool(backupEligible), nullBool(discoverable)
		var err error
		if c.CreatedAt, err = parseTime(created); err == nil {
			c.LastUsedAt, err = parseTime(lastUsed)
		}
		if err != nil {
			return fmt.Errorf("credential of %s: %w", c.UserID, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// aliases reads the Aliases of tenant. The hash is kept, except that of an
// alias stored in plaintext, which is hashed again from its normalized
// form (this server normalizes aliases before hashing them; for the ASCII
// aliases upstream stores the two are the same).
func (s *Source) aliases(ctx context.Context, tenant string) ([]passkeys.Alias, error) {
	var out []passkeys.Alias
	q := `SELECT Alias, UserId, Plaintext FROM Aliases WHERE Tenant = ? ORDER BY Alias`
	err := s.each(ctx, "Aliases", q, []any{tenant}, func(r *sql.Rows) error {
		var a passkeys.Alias
		var plain sql.NullString
		if err := r.Scan(&a.Hash, &a.UserID, &plain); err != nil {
			return err
		}
		if plain.Valid {
			p := passkeys.NormalizeAlias(plain.String)
			a.Plaintext, a.Hash = &p, passkeys.HashAlias(tenant, p)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// configs reads the AuthenticationConfigurations of tenant: TimeToLive is
// in seconds, Hints are enum names.
func (s *Source) configs(ctx context.Context, tenant string) ([]passkeys.AuthConfig, error) {
	var out []passkeys.AuthConfig
	q := `SELECT Purpose, UserVerificationRequirement, TimeToLive, Hints, CreatedBy, CreatedOn, EditedBy, EditedOn, LastUsedOn
FROM AuthenticationConfigurations WHERE Tenant = ? ORDER BY Purpose`
	err := s.each(ctx, "AuthenticationConfigurations", q, []any{tenant}, func(r *sql.Rows) error {
		var c passkeys.AuthConfig
		var ttl float64
		var hintList string
		var createdOn, editedBy, editedOn, lastUsed sql.NullString
		if err := r.Scan(&c.Purpose, &c.UserVerification, &ttl, &hintList, &c.CreatedBy, &createdOn, &editedBy, &editedOn, &lastUsed); err != nil {
			return err
		}
		c.UserVerification = strings.ToLower(c.UserVerification)
		c.TimeToLive = time.Duration(ttl * float64(time.Second))
		c.EditedBy = nullString(editedBy)
		var err error
		if c.Hints, err = hints(hintList); err == nil {
			if c.CreatedOn, err = parseNullTime(createdOn); err == nil {
				if c.EditedOn, err = parseNullTime(editedOn); err == nil {
					c.LastUsedOn, err = parseNullTime(lastUsed)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("configuration %s of %s: %w", c.Purpose, tenant, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// events reads the ApplicationEvents of tenant; those of a type this
// server does not know are counted apart and left out.
func (s *Source) events(ctx context.Context, tenant string) (out []events.Imported, unknown int, err error) {
	q := `SELECT Id, PerformedAt, EventType, Severity, Message, PerformedBy, Subject, ApiKeyId
FROM ApplicationEvents WHERE TenantId = ? ORDER BY PerformedAt, Id`
	err = s.each(ctx, "ApplicationEvents", q, []any{tenant}, func(r *sql.Rows) error {
		var id sql.NullString
		var at string
		var typ, severity int
		var keyID sql.NullString
		e := events.Event{Tenant: tenant}
		if err := r.Scan(&id, &at, &typ, &severity, &e.Message, &e.PerformedBy, &e.Subject, &keyID); err != nil {
			return err
		}
		e.Type, e.Severity, e.APIKeyID = events.Type(typ), events.Severity(severity), keyID.String
		if !events.Known(e.Type) {
			unknown++
			return nil
		}
		var err error
		if e.PerformedAt, err = parseTime(at); err != nil {
			return fmt.Errorf("event %s of %s: %w", id.String, tenant, err)
		}
		g := guid(id)
		if g == nil {
			return fmt.Errorf("event of %s without an id", tenant)
		}
		out = append(out, events.Imported{ID: *g, Event: e})
		return nil
	})
	return out, unknown, err
}

// authenticators reads the allow and block lists (Authenticators) of
// tenant.
func (s *Source) authenticators(ctx context.Context, tenant string) ([]authenticators.Imported, error) {
	var out []authenticators.Imported
	q := `SELECT AaGuid, IsAllowed, CreatedAt FROM Authenticators WHERE Tenant = ? ORDER BY AaGuid`
	err := s.each(ctx, "Authenticators", q, []any{tenant}, func(r *sql.Rows) error {
		var id sql.NullString
		var e authenticators.Imported
		var created string
		if err := r.Scan(&id, &e.Allowed, &created); err != nil {
			return err
		}
		g := guid(id)
		if g == nil {
			return fmt.Errorf("authenticator of %s without an AAGUID", tenant)
		}
		var err error
		if e.CreatedAt, err = parseTime(created); err != nil {
			return fmt.Errorf("authenticator %s of %s: %w", *g, tenant, err)
		}
		e.AAGUID = *g
		out = append(out, e)
		return nil
	})
	return out, err
}
