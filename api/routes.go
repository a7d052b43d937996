package api

import "passwordless/tenants"

// routes registers the whole HTTP surface. Each endpoint names the one
// credential scheme it accepts (and scope, where upstream checks one);
// authentication runs before any body is read.
func (s *server) routes() {
	r := s.engine

	// Anonymous: health, the error catalogue, test hooks.
	r.GET("/health/http", s.handle(s.healthHTTP))
	r.GET("/health/storage", s.handle(s.healthStorage))
	r.GET("/health/version", s.handle(s.healthVersion))
	r.GET("/health/throw/api", s.handle(s.throwAPI))
	r.GET("/health/throw/exception", s.handle(s.throwException))
	r.GET("/errors", s.handle(s.errorsPage))
	r.GET("/errors.json", s.handle(s.errorsJSON))
	r.GET("/diagnostics/client.js", s.handle(s.clientJS))
	r.GET("/diagnostics/client.:version", s.handle(s.clientJSVersioned))
	r.GET("/openapi.yaml", s.handle(s.openAPI))
	r.GET("/docs", s.handle(s.docsPage))
	r.GET("/docs/:asset", s.handle(s.docsAsset))
	s.metricsRoutes()

	// Public key (browsers and apps): the WebAuthn ceremonies. Rate limits
	// per client address (before authentication) and per application, on
	// budgets apart from the secret routes' (telemetry's the smallest).
	register := r.Group("", s.limitClientIP, s.requireKey(tenants.Public, tenants.ScopeRegister), s.limitPublic, s.countFunnel)
	register.POST("/register/begin", s.handle(s.registerBegin))
	register.POST("/register/complete", s.handle(s.registerComplete))
	login := r.Group("", s.limitClientIP, s.requireKey(tenants.Public, tenants.ScopeLogin), s.limitPublic, s.countFunnel)
	login.POST("/signin/begin", s.handle(s.signinBegin))
	login.POST("/signin/complete", s.handle(s.signinComplete))
	r.POST("/diagnostics/failures", s.limitClientIP, s.requireKey(tenants.Public, ""), s.limitTelemetry, s.handle(s.reportFailure))
	r.POST("/passkeys/decision", s.limitClientIP, s.requireKey(tenants.Public, ""), s.limitTenant, s.handle(s.passkeyDecision))

	// Secret (customer backends), rate limited per application.
	secret := r.Group("", s.requireKey(tenants.Secret, ""), s.limitTenant)
	r.POST("/register/token", s.requireKey(tenants.Secret, tenants.ScopeTokenRegister), s.limitTenant, s.handle(s.registerToken))
	r.POST("/signin/verify", s.requireKey(tenants.Secret, tenants.ScopeTokenVerify), s.limitTenant, s.handle(s.signinVerify))
	r.POST("/signin/generate-token", s.requireKey(tenants.Secret, tenants.ScopeTokenVerify), s.limitTenant, s.handle(s.signinGenerateToken))
	secret.POST("/alias", s.handle(s.setAliases))
	secret.GET("/alias/list", s.handle(s.listAliases))
	secret.GET("/credentials/list", s.handle(s.listCredentials))
	secret.POST("/credentials/list", s.handle(s.listCredentials))
	secret.POST("/credentials/delete", s.handle(s.deleteCredential))
	secret.POST("/credentials/signals", s.handle(s.credentialSignals))
	secret.GET("/users/list", s.handle(s.listUsers))
	secret.GET("/users/count", s.handle(s.countUsers))
	secret.POST("/users/delete", s.handle(s.deleteUser))
	secret.POST("/magic-links/send", s.handle(s.sendMagicLink))
	secret.POST("/apps/features", s.handle(s.setAppFeatures))
	secret.GET("/apps/related-origins", s.handle(s.relatedOrigins))
	secret.GET("/auth-configs/list", s.handle(s.listAuthConfigs))
	secret.POST("/auth-configs/add", s.handle(s.addAuthConfig))
	secret.POST("/auth-configs", s.handle(s.updateAuthConfig))
	secret.POST("/auth-configs/delete", s.handle(s.deleteAuthConfig))
	secret.GET("/authenticators/list", s.handle(s.listAuthenticators))
	secret.POST("/authenticators/add", s.handle(s.addAuthenticators))
	secret.POST("/authenticators/remove", s.handle(s.removeAuthenticators))
	secret.GET("/events", s.handle(s.listEvents))
	secret.GET(exportPath, s.handle(s.exportEvents))
	secret.GET("/reporting/credentials/periodic", s.handle(s.credentialsReport))
	secret.GET("/reporting/active-users/periodic", s.handle(s.activeUsersReport))
	secret.GET("/diagnostics/failures/summary", s.handle(s.failureSummary))
	secret.GET("/diagnostics/summary", s.handle(s.segmentSummary))
	secret.GET("/diagnostics/failures/samples", s.handle(s.failureSamples))
	secret.POST("/users/passkey-prompt", s.handle(s.passkeyPrompt))
	secret.POST("/users/passkey-prompt/skip", s.handle(s.passkeyPromptSkip))
	secret.POST("/webhooks/add", s.handle(s.addWebhook))
	secret.GET("/webhooks/list", s.handle(s.listWebhooks))
	secret.POST("/webhooks/delete", s.handle(s.deleteWebhook))
	secret.POST("/webhooks/rotate-secret", s.handle(s.rotateWebhookSecret))
	secret.POST("/webhooks/enable", s.handle(s.enableWebhook))
	secret.GET("/webhooks/deliveries", s.handle(s.listWebhookDeliveries))
	secret.POST("/webhooks/redeliver", s.handle(s.redeliverWebhook))
	secret.POST("/webhooks/test", s.handle(s.testWebhook))

	// Management key (the admin console).
	m := r.Group("", s.requireManagement(), s.protectConsoleApp())
	m.GET("/admin/apps/:appId/available", s.handle(s.appAvailable))
	m.POST("/admin/apps/:appId/create", s.handle(s.createApp))
	m.POST("/admin/apps/:appId/freeze", s.handle(s.freezeApp))
	m.POST("/admin/apps/:appId/unfreeze", s.handle(s.unfreezeApp))
	m.POST("/admin/apps/:appId/public-keys", s.handle(s.createPublicKey))
	m.POST("/admin/apps/:appId/secret-keys", s.handle(s.createSecretKey))
	m.GET("/admin/apps/:appId/api-keys", s.handle(s.listAPIKeys))
	m.POST("/admin/apps/:appId/api-keys/:apiKeyId/lock", s.handle(s.lockAPIKey))
	m.POST("/admin/apps/:appId/api-keys/:apiKeyId/unlock", s.handle(s.unlockAPIKey))
	m.DELETE("/admin/apps/:appId/api-keys/:apiKeyId", s.handle(s.deleteAPIKey))
	m.GET("/apps/list-pending-deletion", s.handle(s.listPendingDeletion))
	m.DELETE("/admin/apps/:appId", s.handle(s.deleteApp))
	m.GET("/admin/apps/:appId/can-delete-immediately", s.handle(s.canDeleteImmediately))
	m.POST("/admin/apps/:appId/mark-delete", s.handle(s.markDeleteApp))
	m.POST("/admin/apps/:appId/cancel-delete", s.handle(s.cancelDeleteApp))
	m.GET("/admin/apps/:appId/features", s.handle(s.getManagedFeatures))
	m.POST("/admin/apps/:appId/features", s.handle(s.setManagedFeatures))
	m.GET("/mds/attestation-types", s.handle(s.mdsAttestationTypes))
	m.GET("/mds/certification-statuses", s.handle(s.mdsCertificationStatuses))
	m.GET("/mds/entries", s.handle(s.mdsEntries))
}
