// A fresh `wardsafe serve` on a new temporary database for each test: every
// test starts as a new install would.
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = process.env.WARDSAFE_BIN ?? path.join(ROOT, 'target/debug/wardsafe');

export type Server = { url: string; origin: string; db: string; proc: ChildProcess };

export async function startServer(): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-e2e-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  const proc = spawn(BIN, ['serve', '--db', db, '--ui', path.join(ROOT, 'ui/dist'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
  return { url, origin: new URL(url).origin, db, proc };
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
