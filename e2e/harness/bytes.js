'use strict';
// Byte helpers. Credential ids travel in three encodings (CDP: padded standard
// base64; the client and credentials/list: unpadded base64url; upstream's
// signin/verify: padded standard base64), so tests compare bytes, never strings.

/** Decodes standard or URL-safe base64, padded or not; throws on any other character. */
function decodeBase64Any(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) {
    throw new TypeError(`not base64/base64url: ${JSON.stringify(text)}`);
  }
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Names the encoding of a credential id as the server sent it, for the report. */
function describeEncoding(text) {
  if (/[-_]/.test(text)) return 'base64url';
  if (/[+/=]/.test(text)) return 'standard base64';
  return 'base64url or standard base64 (no distinguishing characters)';
}

module.exports = { decodeBase64Any, describeEncoding };
