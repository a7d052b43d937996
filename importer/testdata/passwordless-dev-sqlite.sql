-- The API database of a Passwordless.dev self-hosted server (SQLite), as
-- bitwarden/passwordless-server's EF Core migrations leave it after the
-- last one, src/Service/Migrations/Sqlite/20240722200755_CredentialHints.cs
-- (model snapshot SqliteContextModelSnapshot.cs). Written from that
-- snapshot: column names, types and keys as EF Core creates them.
CREATE TABLE "AccountInfo" (
    "AcountName" TEXT NOT NULL CONSTRAINT "PK_AccountInfo" PRIMARY KEY,
    "Tenant" TEXT NOT NULL,
    "AdminEmailsSerialized" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DeleteAt" TEXT NULL
);
CREATE TABLE "AppFeatures" (
    "Tenant" TEXT NOT NULL CONSTRAINT "PK_AppFeatures" PRIMARY KEY,
    "EventLoggingIsEnabled" INTEGER NOT NULL,
    "EventLoggingRetentionPeriod" INTEGER NOT NULL,
    "DeveloperLoggingEndsAt" TEXT NULL,
    "MaxUsers" INTEGER NULL,
    "IsGenerateSignInTokenEndpointEnabled" INTEGER NOT NULL DEFAULT 1,
    "AllowAttestation" INTEGER NOT NULL DEFAULT 0,
    "IsMagicLinksEnabled" INTEGER NOT NULL DEFAULT 1,
    "MagicLinkEmailMonthlyQuota" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "FK_AppFeatures_AccountInfo_Tenant" FOREIGN KEY ("Tenant") REFERENCES "AccountInfo" ("AcountName") ON DELETE CASCADE
);
CREATE TABLE "ApiKeys" (
    "Tenant" TEXT NOT NULL,
    "Id" TEXT NOT NULL,
    "ApiKey" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    "IsLocked" INTEGER NOT NULL,
    "LastLockedAt" TEXT NULL,
    "LastUnlockedAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL DEFAULT '0001-01-01 00:00:00',
    CONSTRAINT "PK_ApiKeys" PRIMARY KEY ("Tenant", "Id")
);
CREATE TABLE "Credentials" (
    "Tenant" TEXT NOT NULL,
    "DescriptorId" BLOB NOT NULL,
    "DescriptorType" INTEGER NULL,
    "DescriptorTransports" TEXT NULL,
    "PublicKey" BLOB NOT NULL,
    "UserHandle" BLOB NOT NULL,
    "SignatureCounter" INTEGER NOT NULL,
    "AttestationFmt" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "AaGuid" TEXT NULL,
    "LastUsedAt" TEXT NOT NULL,
    "RPID" TEXT NOT NULL,
    "Origin" TEXT NOT NULL,
    "Country" TEXT NULL,
    "Device" TEXT NULL,
    "Nickname" TEXT NULL,
    "UserId" TEXT NOT NULL,
    "BackupState" INTEGER NULL,
    "IsBackupEligible" INTEGER NULL,
    "IsDiscoverable" INTEGER NULL,
    CONSTRAINT "PK_Credentials" PRIMARY KEY ("Tenant", "DescriptorId")
);
CREATE INDEX "IX_EFStoredCredential_Tenant_UserId" ON "Credentials" ("Tenant", "UserId");
CREATE TABLE "Aliases" (
    "Tenant" TEXT NOT NULL,
    "Alias" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Plaintext" TEXT NULL,
    CONSTRAINT "PK_Aliases" PRIMARY KEY ("Tenant", "Alias")
);
CREATE TABLE "TokenKeys" (
    "Tenant" TEXT NOT NULL,
    "KeyId" INTEGER NOT NULL,
    "KeyMaterial" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_TokenKeys" PRIMARY KEY ("Tenant", "KeyId")
);
CREATE TABLE "Authenticators" (
    "Tenant" TEXT NOT NULL,
    "AaGuid" TEXT NOT NULL,
    "IsAllowed" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_Authenticators" PRIMARY KEY ("Tenant", "AaGuid"),
    CONSTRAINT "FK_Authenticators_AppFeatures_Tenant" FOREIGN KEY ("Tenant") REFERENCES "AppFeatures" ("Tenant") ON DELETE CASCADE
);
CREATE TABLE "AuthenticationConfigurations" (
    "Purpose" TEXT NOT NULL,
    "Tenant" TEXT NOT NULL,
    "UserVerificationRequirement" TEXT NOT NULL,
    "TimeToLive" REAL NOT NULL,
    "Hints" TEXT NOT NULL DEFAULT '',
    "CreatedBy" TEXT NOT NULL,
    "CreatedOn" TEXT NULL,
    "EditedBy" TEXT NULL,
    "EditedOn" TEXT NULL,
    "LastUsedOn" TEXT NULL,
    CONSTRAINT "PK_AuthenticationConfigurations" PRIMARY KEY ("Tenant", "Purpose")
);
CREATE TABLE "ApplicationEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ApplicationEvents" PRIMARY KEY,
    "PerformedAt" TEXT NOT NULL,
    "EventType" INTEGER NOT NULL,
    "Severity" INTEGER NOT NULL,
    "Message" TEXT NOT NULL,
    "PerformedBy" TEXT NOT NULL,
    "TenantId" TEXT NOT NULL,
    "ApiKeyId" TEXT NULL,
    "Subject" TEXT NOT NULL,
    CONSTRAINT "FK_ApplicationEvents_AccountInfo_TenantId" FOREIGN KEY ("TenantId") REFERENCES "AccountInfo" ("AcountName") ON DELETE CASCADE
);
CREATE INDEX "IX_ApplicationEvents_TenantId" ON "ApplicationEvents" ("TenantId");
CREATE TABLE "DispatchedEmails" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DispatchedEmails" PRIMARY KEY,
    "CreatedAt" TEXT NOT NULL,
    "Tenant" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "EmailAddress" TEXT NOT NULL,
    "LinkTemplate" TEXT NOT NULL,
    CONSTRAINT "FK_DispatchedEmails_AccountInfo_Tenant" FOREIGN KEY ("Tenant") REFERENCES "AccountInfo" ("AcountName") ON DELETE CASCADE
);
CREATE TABLE "PeriodicCredentialReports" (
    "Tenant" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CredentialsCount" INTEGER NOT NULL,
    "UsersCount" INTEGER NOT NULL,
    CONSTRAINT "PK_PeriodicCredentialReports" PRIMARY KEY ("Tenant", "CreatedAt")
);
CREATE TABLE "PeriodicActiveUserReports" (
    "Tenant" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DailyActiveUsersCount" INTEGER NOT NULL,
    "WeeklyActiveUsersCount" INTEGER NOT NULL,
    "TotalUsersCount" INTEGER NOT NULL,
    CONSTRAINT "PK_PeriodicActiveUserReports" PRIMARY KEY ("Tenant", "CreatedAt")
);
