'use strict';
// Raw HTTP to the server, used to see exactly what the server answered when a
// client library hides it (verifyToken returns null) or to compare what a
// client surfaced with the server's own problem document.

/** Sends one request; returns {status, contentType, headers, text, json}. */
async function rawRequest(server, { method = 'POST', path, headers = {}, body }) {
  const res = await fetch(`${server.internalUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, text, json };
}

/** A problem document without its per-request traceId, for comparing two answers. */
function withoutTraceId(problem) {
  const { traceId, ...rest } = problem || {};
  return rest;
}

/**
 * The SDK's verifyToken turns every failure into null; this verifies through
 * the SDK and, on null, fails with what the server actually answered.
 */
async function verifyOrExplain(env, token) {
  const verified = await env.sdk.verifyToken(token);
  if (verified !== null) return verified;
  const raw = await rawRequest(env.server, {
    path: '/signin/verify', headers: { ApiSecret: env.app.apiSecret1 }, body: { token },
  });
  throw new Error(`verifyToken returned null; POST /signin/verify answered ${raw.status} ${raw.contentType}: ${raw.text}`);
}

module.exports = { rawRequest, withoutTraceId, verifyOrExplain };
