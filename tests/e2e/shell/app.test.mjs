// The real desktop app (release shell, WebKitGTK) under Xvfb, driven through
// tauri-driver: it starts, a ward manager signs in and records a ligature
// point; the app is closed and started again, and the point is still there;
// the register's PDF is saved to the person's Downloads folder. Closing the
// window while changes have not reached the trust's server asks first.
//
// The window is closed as a window manager closes it when a person clicks its
// close button (an X11 WM_DELETE_WINDOW request, close-window.py), so the
// request goes through Tauri's CloseRequested like a real one. WebDriver's
// "close window" would not: it destroys the web view behind Tauri's back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { find, invoke, shellEnv, signIn, BIN, SERVER_BIN } from './helpers.mjs';
import { Session, startDriver } from './webdriver.mjs';

const CLOSE_WINDOW = path.join(path.dirname(fileURLToPath(import.meta.url)), 'close-window.py');

/** Ask the app's window to close, as a person clicking its close button; returns the app's process id. */
function requestClose() {
  const out = execFileSync('python3', [CLOSE_WINDOW, 'Wardsafe'], { encoding: 'utf8' }).trim();
  const pid = Number(out.split(' ')[1]);
  assert.ok(pid > 0, `the window's process: ${out}`);
  return pid;
}

/** Whether the process still runs (an exited child waiting to be reaped does not). */
function running(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitForExit(pid, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!running(pid), `${what}: the app should have ended`);
}

/** A trust's sync server on a free port, with its own SQLite database. */
async function startServer(dataDir) {
  const env = { ...process.env };
  delete env.WARDSAFE_DATABASE_URL;
  delete env.WARDSAFE_SERVER_DATA;
  const proc = spawn(SERVER_BIN, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wardsafe-server did not start: ${out}`)), 30000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`wardsafe-server exited (${code}): ${out}`)));
  });
  const issued = execFileSync(SERVER_BIN, ['issue-code', '--data-dir', dataDir, '--all-wards'], { env, encoding: 'utf8' });
  const code = /^code: (\S+)/m.exec(issued)?.[1];
  assert.ok(code, `an enrolment code: ${issued}`);
  return { url, code, proc };
}

/** Choose an option by its visible text, as a person picking from the list. */
async function choose(s, label, optionText, within) {
  const select = await find(s, 'combobox', label, within);
  const option = await s.exec(
    `const [el, text] = arguments;
     return [...el.options].find((o) => o.textContent.trim() === text) || null;`,
    select,
    optionText,
  );
  assert.ok(option, `no option "${optionText}" in ${label}`);
  await s.click(option);
  await s.waitFor(`return arguments[0].selectedOptions[0]?.textContent.trim() === arguments[1]`, `${label} = ${optionText}`, 5000, select, optionText);
}

test('the desktop app keeps a ligature point across a restart', { timeout: 240_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `build the app first: ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-shell-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  execFileSync(BIN, ['demo', '--db', db], { stdio: 'ignore' });
  const driver = await startDriver(shellEnv(dir, db));
  const location = `Shell test: curtain rail above window ${Date.now()}`;
  try {
    let s = await Session.start(driver.url, BIN);
    try {
      assert.equal(await s.exec('return typeof window.__TAURI_INTERNALS__'), 'object', 'runs inside the Tauri shell');
      await signIn(s);
      await s.click(await find(s, 'button', 'Start ligature walk-round'));
      await find(s, 'heading', 'Environmental ligature walk-round');
      await s.click(await find(s, 'button', 'Add a ligature point'));
      const newForm = await find(s, 'form', 'New ligature point');
      await choose(s, 'Fixture type', 'Curtain or blind rail', newForm);
      await s.type(await find(s, 'textbox', 'Location', newForm), location);
      await choose(s, 'Height band', 'Above 2 m', newForm);
      await choose(s, 'Likelihood', '3 – Possible', newForm);
      await choose(s, 'Consequence', '5 – Catastrophic', newForm);
      await s.waitFor(`return arguments[0].innerText.includes('15 Extreme')`, 'the live score 15 Extreme', 5000, newForm);
      if (process.env.WARDSAFE_SCREENSHOT) fs.writeFileSync(process.env.WARDSAFE_SCREENSHOT, await s.screenshot());
      await s.click(await find(s, 'button', 'Save assessment', newForm));

      await s.waitFor(
        `return [...document.querySelectorAll('article')].some((a) => a.innerText.includes(arguments[0]))`,
        'the saved point',
        20000,
        location,
      );

      // Close the window as a person would. This device is not connected to
      // a server (nothing ever waits to be sent), so it closes at once.
      const pid = requestClose();
      await waitForExit(pid, 'closing a device that is not connected to a server');
    } finally {
      await s.quit();
    }

    // Start the app again: the point is in the ward's register.
    s = await Session.start(driver.url, BIN);
    try {
      await signIn(s);
      await s.click(await find(s, 'link', 'Cedar Ward'));
      await find(s, 'heading', 'Cedar Ward');
      const text = await s.waitFor(
        `return document.body.innerText.includes(arguments[0]) && document.body.innerText`,
        'the point in the register after the restart',
        20000,
        location,
      );
      assert.match(text, /Curtain or blind rail/);

      // The register as a PDF, saved where a person finds it.
      await s.click(await find(s, 'button', 'Download register PDF'));
      await s.waitFor(`return document.body.innerText.includes('saved in your Downloads folder')`, 'the saved PDF', 20000);
      const pdfs = () =>
        [dir, path.join(dir, 'Downloads')].flatMap((d) =>
          fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.pdf')).map((f) => path.join(d, f)) : [],
        );
      const deadline = Date.now() + 15000;
      while (pdfs().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(pdfs().length, 1, 'one PDF saved');
      assert.match(path.basename(pdfs()[0]), /^cedar-ward-ligature-register-.*\.pdf$/);
      assert.equal(fs.readFileSync(pdfs()[0]).subarray(0, 4).toString(), '%PDF');
    } finally {
      await s.quit();
    }
  } finally {
    driver.proc.kill();
  }
});

test('closing with changes not yet sent asks first; "Keep Wardsafe open" keeps it, "Close anyway" closes', { timeout: 240_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `build the app first: ${BIN}`);
  assert.ok(fs.existsSync(SERVER_BIN), `build the server first: ${SERVER_BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-shell-close-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  execFileSync(BIN, ['demo', '--db', db], { stdio: 'ignore' });
  const server = await startServer(path.join(dir, 'server'));
  const driver = await startDriver(shellEnv(dir, db));
  let waiting = 0;
  try {
    const s = await Session.start(driver.url, BIN);
    try {
      // An administrator connects this device to the trust's server…
      await s.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
      const admin = await invoke(s, 'sign_in', { username: 'admin', password: 'demo-password' });
      const connected = await invoke(s, 'connect_to_server', { serverUrl: server.url, code: server.code, deviceName: 'Shell test' }, admin.session);
      assert.notEqual(connected.state, 'standalone');
      // …which then cannot be reached, and a ward manager records something.
      server.proc.kill('SIGKILL');
      await new Promise((resolve) => server.proc.once('exit', resolve));
      await signIn(s);
      await s.click(await find(s, 'button', 'Start ligature walk-round'));
      await find(s, 'heading', 'Environmental ligature walk-round');
      const status = await invoke(s, 'sync_status', {});
      assert.ok(status.waiting > 0, `changes wait for the server: ${JSON.stringify(status)}`);
      waiting = status.waiting;
      const unsent = `${waiting} ${waiting === 1 ? 'change on this device has' : 'changes on this device have'} not reached the trust's server yet.`;

      const dialogText = () =>
        s.waitFor(`const d = document.querySelector('dialog[open]'); return d && d.innerText`, 'the "Changes not yet sent" dialog', 15000);

      // Close: the window stays and the person is asked.
      const pid = requestClose();
      let text = await dialogText();
      assert.match(text, /Changes not yet sent/);
      assert.ok(text.includes(unsent), text);
      assert.match(text, /kept safe on this device and will be sent when it is next online\. Close Wardsafe anyway\?/);
      assert.ok(running(pid), 'the app still runs while the person chooses');

      await s.click(await find(s, 'button', 'Keep Wardsafe open'));
      await s.waitFor(`return !document.querySelector('dialog[open]')`, 'the dialog to go', 5000);
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(running(pid), '"Keep Wardsafe open" keeps it open');
      await find(s, 'heading', 'Environmental ligature walk-round');

      // Close again, and this time close anyway: the app ends.
      assert.equal(requestClose(), pid);
      text = await dialogText();
      assert.ok(text.includes(unsent), text);
      // The window goes with the click, so the driver may not get its answer.
      await s.click(await find(s, 'button', 'Close anyway')).catch(() => {});
      await waitForExit(pid, '"Close anyway"');
    } finally {
      await s.quit();
    }

    // Started again, the changes are still there, waiting. A page that does
    // not take the close request (here its listener never hears it) must not
    // keep the window open: the shell closes it.
    const again = await Session.start(driver.url, BIN);
    try {
      await again.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
      const status = await invoke(again, 'sync_status', {});
      assert.equal(status.waiting, waiting, 'the changes are kept on the device');
      await again.exec(
        `window.addEventListener('wardsafe:close-requested', (e) => e.stopImmediatePropagation(), { capture: true });`,
      );
      const pid = requestClose();
      await waitForExit(pid, 'closing when the page does not take the request', 8000);
    } finally {
      await again.quit();
    }
  } finally {
    driver.proc.kill();
    server.proc.kill();
  }
});
