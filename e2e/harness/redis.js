'use strict';
// The main suite's Redis: TEST_REDIS_URL's server in a database of its own,
// emptied at the start of every run, as the suite's PostgreSQL database is
// fresh. The console's mail caps (per recipient and per client address,
// sliding 15 minutes and a day) are kept in Redis; in a shared database
// the links asked for by the last runs' owner@e2e.test from 127.0.0.1
// would refuse this run's. The load balancer's fleet uses a database of
// its own too (fleet.js).
const net = require('node:net');

const suiteDatabase = 6;

/** Sends RESP commands to url's server and resolves once each answered +OK. */
function commands(url, cmds) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port || 6379), url.hostname);
    let answers = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('redis: no answer within 10 s')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      answers += chunk.toString();
      const lines = answers.split('\r\n').filter(Boolean);
      if (lines.some((l) => l.startsWith('-'))) socket.destroy(new Error(`redis: ${answers.trim()}`));
      else if (lines.length >= cmds.length) { socket.end(); resolve(); }
    });
    socket.on('connect', () => {
      socket.write(cmds.map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''));
    });
  });
}

/**
 * Empties the suite's own database on TEST_REDIS_URL's server and returns
 * its URL; a Cluster URL (one database only) is returned as it is.
 */
async function freshRedis(raw) {
  const url = new URL(raw);
  if (url.searchParams.has('addr')) return raw;
  url.pathname = `/${suiteDatabase}`;
  const cmds = [];
  if (url.password) cmds.push(url.username ? ['AUTH', decodeURIComponent(url.username), decodeURIComponent(url.password)] : ['AUTH', decodeURIComponent(url.password)]);
  cmds.push(['SELECT', String(suiteDatabase)], ['FLUSHDB']);
  await commands(url, cmds);
  return url.toString();
}

module.exports = { freshRedis };
