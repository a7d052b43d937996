'use strict';
// Serves the test page on its own localhost port, a different origin from the
// API, so every browser call is cross-origin and exercises the server's CORS
// exactly as a customer's site would (clients.md §1.3, §6.4).
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const clientBuild = require.resolve('@passwordlessdev/passwordless-client/dist/iife/passwordless.iife.js');
const files = {
  '/': { file: path.join(__dirname, 'page.html'), type: 'text/html; charset=utf-8' },
  '/passwordless.iife.js': { file: clientBuild, type: 'text/javascript; charset=utf-8' },
};

/** Starts the page server on 127.0.0.1; returns {origin: http://localhost:PORT, close()}. */
function startPageServer() {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://localhost').pathname;
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end(); // keeps a browser 404 out of the console log the suite keeps
      return;
    }
    const entry = files[pathname];
    if (req.method !== 'GET' || !entry) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': entry.type, 'Cache-Control': 'no-store' });
    fs.createReadStream(entry.file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://localhost:${port}`,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

module.exports = { startPageServer, clientBuild };
