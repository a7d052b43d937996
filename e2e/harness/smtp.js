'use strict';
// The suite's mail server: a real SMTP exchange (nodemailer's smtp-server)
// on 127.0.0.1. The server under test sends every mail to it (SMTP_URL), and
// each received message is written as an .eml file into dir, where the tests
// read the links back (harness/outbox.js) as a user would from their inbox.
const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');
const { freePort } = require('./ports');

/** Starts the capture; resolves to {url, received, close}. */
async function startSMTPCapture(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const capture = { received: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'], // loopback only; the server is told starttls=off
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        capture.received += 1;
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        fs.writeFileSync(path.join(dir, `${String(capture.received).padStart(4, '0')}.eml`),
          `X-Envelope-To: ${to}\r\n` + Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  capture.url = `smtp://127.0.0.1:${port}?starttls=off`;
  capture.close = () => new Promise((resolve) => server.close(resolve));
  return capture;
}

module.exports = { startSMTPCapture };
