// A fresh `wardsafe serve` on a new temporary database for each test: every
// test starts as a new install would.
import { test as base } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = process.env.WARDSAFE_BIN ?? path.join(ROOT, 'target/debug/wardsafe');

/** `log()`: everything the app has written to its stdout and stderr so far. */
export type Server = { url: string; origin: string; db: string; proc: ChildProcess; log: () => string };

export async function startServer(): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-e2e-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  const proc = spawn(BIN, ['serve', '--db', db, '--ui', path.join(ROOT, 'ui/dist'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stderr!.on('data', (chunk) => {
    log += chunk.toString();
    process.stderr.write(chunk);
  });
  proc.stdout!.on('data', (chunk) => (log += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`wardsafe serve did not start: ${out}`)), 60_000);
    proc.stdout!.on('data', (chunk) => {
      out += chunk.toString();
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`wardsafe serve exited with ${code}: ${out}`)));
  });
  return { url, origin: new URL(url).origin, db, proc, log: () => log };
}

export const test = base.extend<{ server: Server }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      server.proc.kill();
    },
    { scope: 'test' },
  ],
});

export { expect } from '@playwright/test';

// The trust's sync server (`wardsafe-server`, from WARDSAFE_SERVER_BIN or
// target/debug/wardsafe-server), for the sync tests: started on a data folder,
// stopped as a power cut would, and started again on the same folder and port.
// WARDSAFE_SERVER_LOG=FILE appends its request log there, to see what happened.
const SERVER_BIN = process.env.WARDSAFE_SERVER_BIN ?? path.join(ROOT, 'target/debug/wardsafe-server');

export type TrustServer = {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  proc: ChildProcess | null;
};

function launchTrustServer(dataDir: string, listen: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(SERVER_BIN, ['serve', '--data-dir', dataDir, '--listen', listen, '--log-format', 'text'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`wardsafe-server did not start: ${out}`));
    }, 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc });
      }
    };
    proc.stdout!.on('data', read);
    // Keep reading the log so the server never blocks on a full pipe.
    proc.stderr!.on('data', (chunk: Buffer) => {
      if (!out.includes('listening on')) out += chunk.toString();
      if (process.env.WARDSAFE_SERVER_LOG) fs.appendFileSync(process.env.WARDSAFE_SERVER_LOG, chunk);
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`wardsafe-server exited with ${code ?? signal}: ${out}`));
    });
  });
}

/** Start a trust server on a new data folder and any free port. */
export async function startTrustServer(): Promise<TrustServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-e2e-server-'));
  const { url, proc } = await launchTrustServer(dataDir, '127.0.0.1:0');
  return { url, dataDir, proc };
}

/** Stop the trust server at once (SIGKILL: the way a power cut or a crash stops it). */
export async function stopTrustServer(server: TrustServer): Promise<void> {
  const proc = server.proc;
  server.proc = null;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
}

/** Start the trust server again on the same data folder and port. */
export async function restartTrustServer(server: TrustServer): Promise<void> {
  if (server.proc) throw new Error('the trust server is still running');
  const listen = new URL(server.url).host;
  // The port was just freed: allow a moment for it, trying again if it is not yet.
  for (let attempt = 1; ; attempt++) {
    try {
      server.proc = (await launchTrustServer(server.dataDir, listen)).proc;
      return;
    } catch (e) {
      if (attempt >= 20 || !/in use|AddrInUse/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A one-time enrolment code from the server's command line (`issue-code`). */
export function issueCodeFromCli(server: TrustServer, args: string[]): string {
  const out = execFileSync(SERVER_BIN, ['issue-code', '--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
  const m = out.match(/^code: (\S+)$/m);
  if (!m) throw new Error(`no code in the output of issue-code: ${out}`);
  return m[1];
}
