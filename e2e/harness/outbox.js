'use strict';
// Mail as files under a directory: the .eml files of the suite's SMTP capture
// (harness/smtp.js, filed under the server's data dir), or, for a server
// without SMTP_URL, its outbox directory there (DESIGN.md §3). The suite reads
// the links back from there, so the link a user would click is what gets verified.
const fs = require('node:fs');
const path = require('node:path');

/** Undoes the MIME transfer encodings a mail library may apply to a body. */
function decodings(text) {
  const out = [text];
  // quoted-printable: soft line breaks and =XX escapes (a long token is wrapped at 76 columns)
  out.push(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  // base64 parts: runs of base64 lines
  for (const block of text.match(/(?:^[A-Za-z0-9+/=]{16,}\r?\n)+/gm) || []) {
    out.push(Buffer.from(block.replace(/\s+/g, ''), 'base64').toString('utf8'));
  }
  return out;
}

function listFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile() && fs.statSync(full).size < (1 << 20)) files.push(full);
  }
  return files;
}

/**
 * Finds the link built from urlPrefix (the part of the template before $TOKEN)
 * in any mail file under dir; returns {file, link, token} or null. The token
 * is a verify_ token unless tokenPattern (a RegExp source) says otherwise.
 */
function findMagicLink(dir, urlPrefix, tokenPattern = 'verify_[A-Za-z0-9._~-]+') {
  const escaped = urlPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}(${tokenPattern})`);
  for (const file of listFiles(dir)) {
    if (/\.(db|db-wal|db-shm)$/.test(file)) continue;
    for (const text of decodings(fs.readFileSync(file, 'utf8'))) {
      const m = pattern.exec(text);
      if (m) return { file, link: m[0], token: m[1] };
    }
  }
  return null;
}

module.exports = { findMagicLink };
