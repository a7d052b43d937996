'use strict';
// Chooses the database the server under test runs on: SQLite in the run's data
// dir by default, or a fresh PostgreSQL database created (and dropped
// afterwards) on the server named by TEST_DATABASE_URL, so runs never see each
// other's rows and CI can run the suite against the production engine.
const path = require('node:path');
const crypto = require('node:crypto');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const run = promisify(execFile);

/** Runs one SQL statement with psql against url; rejects with psql's stderr. */
async function psql(url, sql) {
  try {
    await run('psql', ['--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-q', '-d', url, '-c', sql], { timeout: 30_000 });
  } catch (err) {
    throw new Error(`psql ${JSON.stringify(sql)} failed: ${(err.stderr || err.message).trim()}`);
  }
}

/** Returns {url, kind, drop()} for this run. */
async function freshDatabase(dataDir) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const file = path.join(dataDir, 'passwordless.db');
    return { url: `sqlite://${file}`, kind: 'sqlite', drop: async () => {} };
  }
  const name = `e2e_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await psql(base, `CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    drop: () => psql(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

module.exports = { freshDatabase };
