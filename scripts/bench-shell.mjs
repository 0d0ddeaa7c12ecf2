#!/usr/bin/env node
// Desktop shell benchmark: the release Wardsafe app against a bare Tauri 2
// window, both driven through tauri-driver in the same run.
//
// Figures (the goal: Wardsafe within 1.25x of the bare window on each):
//   start-up  time from just before the WebDriver new-session request to the
//             moment the first screen's heading is present and laid out
//             (Wardsafe: "Sign in to Wardsafe" or the first-run screen; bare:
//             its <h1>), as seen by this client polling the page;
//   memory    resident memory (VmRSS) summed over the app process and all its
//             descendants (WebKitWebProcess, WebKitNetworkProcess, bwrap, ...)
//             after the page has settled. PSS (shared pages divided between
//             the processes that share them) is reported alongside, for
//             information.
//
// It builds nothing. Build first, from the repository root:
//   (cd ui && npm run build)                  # the UI the app embeds
//   cargo build --release -p wardsafe
//   CARGO_TARGET_DIR=target cargo build --release --manifest-path benches/bare-tauri/Cargo.toml
// then run it under Xvfb:
//   xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-shell.mjs
//
// Environment:
//   BENCH_RUNS      measured runs per app (default 10)
//   BENCH_WARMUP    unmeasured runs per app first, to warm the disk cache (default 1)
//   BENCH_SETTLE_MS wait after the first screen before reading memory (default 2000)
//   BENCH_LIMIT     the allowed ratio (default 1.25)
//   WARDSAFE_BIN    default target/release/wardsafe
//   BARE_BIN        default target/release/bare-tauri
// Needs tauri-driver (cargo install tauri-driver --locked) and WebKitWebDriver
// (Debian webkit2gtk-driver) at /usr/bin/WebKitWebDriver.
//
// Prints a table and, as its last line, one JSON object (prefixed "BENCH_JSON ").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDriver, Session } from '../tests/e2e/shell/webdriver.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = intEnv('BENCH_RUNS', 10);
const WARMUP = intEnv('BENCH_WARMUP', 1);
const SETTLE_MS = intEnv('BENCH_SETTLE_MS', 2000);
const LIMIT = Number(process.env.BENCH_LIMIT || 1.25);
const START_TIMEOUT_MS = 60000;

function intEnv(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a whole number, not ${v}`);
  return n;
}

function binary(envName, rel, how) {
  const p = path.resolve(ROOT, process.env[envName] || rel);
  if (!fs.existsSync(p)) {
    console.error(`bench-shell: ${p} is missing. Build it first: ${how}`);
    process.exit(2);
  }
  return fs.realpathSync(p);
}

// The first screen of each app, checked in the page: a heading with the
// expected text that has been laid out (has a box).
const firstScreen = (texts) => `
  const want = ${JSON.stringify(texts)};
  for (const h of document.querySelectorAll('h1')) {
    const t = (h.textContent || '').replace(/\\s+/g, ' ').trim();
    if (want.includes(t) && h.getBoundingClientRect().height > 0) return t;
  }
  return null;
`;

const APPS = [
  {
    name: 'wardsafe',
    bin: binary('WARDSAFE_BIN', 'target/release/wardsafe', 'cargo build --release -p wardsafe'),
    check: firstScreen(['Sign in to Wardsafe', 'Set up Wardsafe']),
    // A fresh database with the demo trust for every run.
    prepare(bin, dir, run) {
      const db = path.join(dir, `wardsafe-${run}.sqlite3`);
      const r = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`wardsafe demo failed: ${r.stderr || r.stdout}`);
      return { WARDSAFE_DB: db };
    },
  },
  {
    name: 'bare',
    bin: binary(
      'BARE_BIN',
      'target/release/bare-tauri',
      'CARGO_TARGET_DIR=target cargo build --release --manifest-path benches/bare-tauri/Cargo.toml',
    ),
    check: firstScreen(['Bare Tauri window']),
    prepare: () => ({}),
  },
];

// ---- /proc ----------------------------------------------------------------

function procTable() {
  const rows = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      let exe = null;
      try {
        exe = fs.readlinkSync(`/proc/${name}/exe`).replace(/ \(deleted\)$/, '');
      } catch {
        /* not ours to read, or gone */
      }
      rows.set(Number(name), { pid: Number(name), ppid: Number(rest[1]), comm, exe });
    } catch {
      /* exited while we looked */
    }
  }
  return rows;
}

function descendants(table, root) {
  const out = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift();
    for (const row of table.values()) {
      if (row.ppid === p) {
        out.push(row);
        queue.push(row.pid);
      }
    }
  }
  return out;
}

/** The app's pid: the child of WebKitWebDriver (under our tauri-driver) whose exe is the app binary. */
function findApp(driverPid, bin) {
  const table = procTable();
  const native = descendants(table, driverPid).filter((r) => r.exe && path.basename(r.exe) === 'WebKitWebDriver');
  for (const wd of native) {
    for (const row of table.values()) {
      if (row.ppid === wd.pid && row.exe === bin) return { app: row.pid, nativeDriver: wd.pid };
    }
  }
  return null;
}

function statusKb(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of the app and all its descendants, in kB, with a per-process breakdown. */
function memory(appPid) {
  const table = procTable();
  const procs = [table.get(appPid) || { pid: appPid, comm: '?' }, ...descendants(table, appPid)];
  const each = procs.map((p) => ({ pid: p.pid, comm: p.comm, rssKb: statusKb(p.pid, 'VmRSS'), pssKb: pssKb(p.pid) }));
  return {
    rssKb: each.reduce((s, p) => s + p.rssKb, 0),
    pssKb: each.reduce((s, p) => s + p.pssKb, 0),
    processes: each,
  };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---- one run ----------------------------------------------------------------

async function measure(driver, app, run) {
  const t0 = performance.now();
  const session = await Session.start(driver.url, app.bin);
  const tSession = performance.now();
  let found = null;
  let appPid = null;
  try {
    const pids = findApp(driver.proc.pid, app.bin);
    if (!pids) throw new Error(`could not find the ${app.name} process under tauri-driver`);
    appPid = pids.app;
    const deadline = t0 + START_TIMEOUT_MS;
    for (;;) {
      try {
        found = await session.exec(app.check);
      } catch {
        found = null; // the page may still be navigating
      }
      if (found) break;
      if (performance.now() > deadline) throw new Error(`${app.name}: no first screen within ${START_TIMEOUT_MS} ms`);
      await sleep(5);
    }
    const tFirst = performance.now();
    // In-page timings, for diagnosis: when navigation started and when the
    // page first painted content, relative to t0.
    const page = await session
      .exec(
        `const nav = performance.getEntriesByType('navigation')[0];
         const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
         return { origin: performance.timeOrigin, dcl: nav ? nav.domContentLoadedEventEnd : null,
                  load: nav ? nav.loadEventEnd : null, fcp: fcp ? fcp.startTime : null,
                  resources: performance.getEntriesByType('resource').length };`,
      )
      .catch(() => null);
    await sleep(SETTLE_MS);
    const mem = memory(appPid);
    const rel = (ms) => (page && ms != null ? +(page.origin + ms - (performance.timeOrigin + t0)).toFixed(1) : null);
    return {
      app: app.name,
      run,
      startupMs: +(tFirst - t0).toFixed(1),
      sessionMs: +(tSession - t0).toFixed(1),
      navStartMs: rel(0),
      domContentLoadedMs: page ? rel(page.dcl) : null,
      firstContentfulPaintMs: page ? rel(page.fcp) : null,
      screen: found,
      rssKb: mem.rssKb,
      pssKb: mem.pssKb,
      processes: mem.processes,
    };
  } finally {
    await session.quit();
    // The app should exit when its session ends; make sure it has.
    if (appPid) {
      for (let i = 0; i < 50 && alive(appPid); i++) await sleep(100);
      if (alive(appPid)) {
        try {
          process.kill(appPid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  }
}

/**
 * One tauri-driver per run: the app inherits the driver's environment, so this
 * run's variables (WARDSAFE_DB) go to a driver started for it.
 */
async function runOnce(app, dir, run, baseEnv) {
  const env = { ...baseEnv, ...app.prepare(app.bin, dir, run) };
  const driver = await startDriver(env);
  const nativePids = () =>
    descendants(procTable(), driver.proc.pid)
      .filter((r) => r.exe && path.basename(r.exe) === 'WebKitWebDriver')
      .map((r) => r.pid);
  try {
    return await measure(driver, app, run);
  } finally {
    const native = nativePids();
    driver.proc.kill('SIGTERM');
    await new Promise((r) => (driver.proc.exitCode !== null ? r() : driver.proc.once('exit', r)));
    for (const pid of native) {
      if (alive(pid)) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
    }
  }
}

// ---- statistics and report -----------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (kb) => kb / 1024;

function summarise(results, name) {
  const rs = results.filter((r) => r.app === name);
  const st = rs.map((r) => r.startupMs);
  return {
    app: name,
    runs: rs.length,
    startupMedianMs: +median(st).toFixed(1),
    startupMinMs: Math.min(...st),
    startupMaxMs: Math.max(...st),
    navStartMedianMs: rs.every((r) => r.navStartMs != null) ? +median(rs.map((r) => r.navStartMs)).toFixed(1) : null,
    rssMedianMiB: +mib(median(rs.map((r) => r.rssKb))).toFixed(1),
    rssMinMiB: +mib(Math.min(...rs.map((r) => r.rssKb))).toFixed(1),
    rssMaxMiB: +mib(Math.max(...rs.map((r) => r.rssKb))).toFixed(1),
    pssMedianMiB: +mib(median(rs.map((r) => r.pssKb))).toFixed(1),
    processes: rs[rs.length - 1].processes.map((p) => `${p.comm}:${(p.rssKb / 1024).toFixed(1)}`).join(' '),
  };
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

async function main() {
  if (!process.env.DISPLAY) {
    console.error('bench-shell: no DISPLAY. Run it as: xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-shell.mjs');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shell-'));
  // Shared by both apps and all runs: each app keeps its WebKit data under its
  // own identifier, so after the warm-up both start warm, as installed apps do.
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const baseEnv = {
    ...process.env,
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
  };
  console.log(
    `bench-shell: ${RUNS} runs per app (+${WARMUP} warm-up), settle ${SETTLE_MS} ms, ` +
      `${os.cpus().length} CPUs, DISPLAY=${process.env.DISPLAY}`,
  );
  for (const a of APPS) console.log(`  ${a.name}: ${a.bin} (${(fs.statSync(a.bin).size / 1048576).toFixed(1)} MiB)`);

  const results = [];
  try {
    for (let run = -WARMUP; run < RUNS; run++) {
      // Alternate which app goes first, so neither always follows the other.
      const order = (run + WARMUP) % 2 ? [APPS[1], APPS[0]] : APPS;
      for (const app of order) {
        const r = await runOnce(app, dir, run, baseEnv);
        const tag = run < 0 ? 'warm-up' : `run ${run + 1}/${RUNS}`;
        console.log(
          `  ${tag.padEnd(9)} ${app.name.padEnd(8)} start-up ${String(r.startupMs).padStart(7)} ms ` +
            `(session ${r.sessionMs}, navigation ${r.navStartMs}, FCP ${r.firstContentfulPaintMs})  ` +
            `RSS ${mib(r.rssKb).toFixed(1)} MiB  PSS ${mib(r.pssKb).toFixed(1)} MiB  [${r.screen}]`,
        );
        if (run >= 0) results.push(r);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const w = summarise(results, 'wardsafe');
  const b = summarise(results, 'bare');
  const ratio = (x, y) => +(x / y).toFixed(3);
  const startRatio = ratio(w.startupMedianMs, b.startupMedianMs);
  const rssRatio = ratio(w.rssMedianMiB, b.rssMedianMiB);
  const verdict = (r) => (r <= LIMIT ? 'PASS' : 'OVER');

  console.log('');
  console.log(
    table([
      ['app', 'runs', 'start-up median ms', 'min ms', 'max ms', 'RSS median MiB', 'RSS min-max MiB', 'PSS median MiB'],
      ...[w, b].map((s) => [
        s.app,
        s.runs,
        s.startupMedianMs,
        s.startupMinMs,
        s.startupMaxMs,
        s.rssMedianMiB,
        `${s.rssMinMiB}-${s.rssMaxMiB}`,
        s.pssMedianMiB,
      ]),
    ]),
  );
  console.log('');
  console.log(`  wardsafe/bare start-up: ${startRatio}x  ${verdict(startRatio)} (limit ${LIMIT}x)`);
  console.log(`  wardsafe/bare RSS:      ${rssRatio}x  ${verdict(rssRatio)} (limit ${LIMIT}x)`);
  console.log(`  processes (last run): wardsafe ${w.processes}`);
  console.log(`                        bare     ${b.processes}`);
  const json = {
    bench: 'desktop-shell',
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    runs: RUNS,
    settleMs: SETTLE_MS,
    limit: LIMIT,
    wardsafe: { ...w, processes: undefined },
    bare: { ...b, processes: undefined },
    ratios: { startup: startRatio, rss: rssRatio },
    verdicts: { startup: verdict(startRatio), rss: verdict(rssRatio) },
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

main().catch((e) => {
  console.error(`bench-shell: ${e.stack || e}`);
  process.exit(1);
});
