'use strict';
// Creates the tenant the suite signs users into, through the management API
// exactly as the admin console does (spec §2.12), so the keys under test are
// real keys issued by the server rather than rows planted in its database.
const crypto = require('node:crypto');

/**
 * POST /admin/apps/{appId}/create. Returns {appId, adminEmail, apiKey1,
 * apiKey2, apiSecret1, apiSecret2, message}; throws with the server's answer
 * when it is not a 200 carrying all four keys.
 */
async function createApp(server) {
  const appId = `e2e${crypto.randomBytes(5).toString('hex')}`;
  const adminEmail = `admin-${appId}@example.com`;
  const res = await fetch(`${server.internalUrl}/admin/apps/${appId}/create`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ManagementKey: server.managementKey },
    body: JSON.stringify({ adminEmail, magicLinkEmailMonthlyQuota: 100 }),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  const keys = ['apiKey1', 'apiKey2', 'apiSecret1', 'apiSecret2'];
  if (res.status !== 200 || !body || keys.some((k) => typeof body[k] !== 'string')) {
    throw new Error(`POST /admin/apps/${appId}/create answered ${res.status} ${res.headers.get('content-type')}: ${text}`);
  }
  return { appId, adminEmail, ...body };
}

module.exports = { createApp };
