'use strict';
// HAProxy from the distribution in front of several instances: round robin,
// no stickiness, active health checks on /health/http. A request that cannot
// connect to its instance is sent to another (retry-on conn-failure +
// redispatch); a GET or HEAD whose instance dies before answering is retried
// too (empty-response), while any other request already on an instance that
// dies is not replayed (it may have had effects), so it fails as it would in
// production. Every answer names the instance
// that served it in X-Served-By, so a test can see where each request went.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

function config(port, instances) {
  const servers = instances.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response
  option forwardfor

frontend api
  bind 127.0.0.1:${port}
  http-request disable-l7-retry if !METH_GET !METH_HEAD
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /health/http
  http-check expect string Healthy
  default-server inter 200ms fall 1 rise 2
  http-response set-header X-Served-By %s
${servers}
`;
}

/**
 * Starts haproxy on 127.0.0.1:port over instances ([{name, port}]) and
 * waits until every instance has served a request through it. Returns
 * {url, internalUrl, log, stop()}.
 */
async function startHAProxy({ workDir, port, instances, bin = process.env.HAPROXY_PATH || '/usr/sbin/haproxy' }) {
  if (!fs.existsSync(bin)) throw new Error(`no haproxy at ${bin}: apt-get install haproxy, or set HAPROXY_PATH`);
  const file = path.join(workDir, 'haproxy.cfg');
  fs.writeFileSync(file, config(port, instances));
  const child = spawn(bin, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lb = { url: `http://localhost:${port}`, internalUrl: `http://127.0.0.1:${port}`, log: '', exited: null };
  const collect = (chunk) => { lb.log += chunk.toString(); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => { lb.exited = signal || `code ${code}`; resolve(); }));
  lb.stop = async () => {
    if (!lb.exited) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const seen = new Set();
  const deadline = Date.now() + 20_000;
  while (seen.size < instances.length) {
    if (lb.exited) throw new Error(`haproxy exited (${lb.exited}):\n${lb.log}`);
    if (Date.now() > deadline) {
      await lb.stop();
      throw new Error(`haproxy never reached every instance (saw ${[...seen]}):\n${lb.log}`);
    }
    try {
      const res = await fetch(`${lb.internalUrl}/health/http`);
      await res.text();
      if (res.status === 200) seen.add(res.headers.get('x-served-by'));
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return lb;
}

module.exports = { startHAProxy };
