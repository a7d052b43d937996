'use strict';
const net = require('node:net');

/**
 * Asks the kernel for a free 127.0.0.1 port. The port is released before the
 * server under test binds it; the window is tiny and the server fails loudly
 * if it loses the race, so the suite never hangs on it.
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
