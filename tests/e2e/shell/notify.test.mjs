// Desktop notifications from the real desktop app (WebKitGTK under Xvfb,
// through tauri-driver) reach the system's notification service: a D-Bus
// session bus of the test's own with a real notification server on it
// (GNOME's notification-daemon), watched with dbus-monitor.
//
// - The shell's `notify` command (what the UI's tauriNotify calls) sends an
//   org.freedesktop.Notifications.Notify with the title and body, and the
//   server answers it with the notification's id.
// - The real flow: a ward manager raises an action on Cedar Ward and assigns
//   it to the estates officer; when the estates officer signs in, the UI's own
//   notifier (noticeFeed, from `my_notices`) shows "Assigned to you: <title>"
//   with the ward, band and due date, and nothing already shown on this
//   device is shown again (signing in once more notifies nothing).
// - With no notification server (a desktop without one) the command answers
//   without an error reaching the person, the app goes on working and does
//   not panic, and the notices are still in the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NOTIFICATION_DAEMON, startBus, startNotificationServer, watchNotifications } from './dbus.mjs';
import { BIN, find, invoke, shellEnv, signIn } from './helpers.mjs';
import { Session, startDriver } from './webdriver.mjs';

const SIGNED_IN = ['link', 'For you'];

/** The shell's `notify` command, as the UI's tauriNotify calls it: `{ ok }` or `{ error }`. */
function notifyThroughShell(s, title, body) {
  return s.execAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('notify', { title: arguments[0], body: arguments[1] })
       .then((ok) => done({ ok: ok ?? null }), (error) => done({ error }));`,
    title,
    body,
  );
}

/** A `YYYY-MM-DD` date as the UI writes it ("3 Mar 2026"). */
function calendarDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A new app with the demo trust, on `bus`; `stops` collects what to end afterwards. */
async function startApp(prefix, busFor, stops) {
  assert.ok(fs.existsSync(BIN), `build the app first: ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = path.join(dir, 'wardsafe.sqlite3');
  execFileSync(BIN, ['demo', '--db', db], { stdio: 'ignore' });
  const bus = await startBus(dir);
  stops.push(bus.stop);
  const watch = await watchNotifications(bus);
  stops.push(watch.stop);
  const server = await busFor(bus);
  if (server) stops.push(server.stop);
  // No accessibility bus on this private bus: say so, rather than a warning each start.
  const driver = await startDriver({ ...shellEnv(dir, db, bus.env), NO_AT_BRIDGE: '1' });
  stops.push(() => driver.proc.kill());
  const s = await Session.start(driver.url, BIN);
  stops.push(() => s.quit());
  assert.equal(await s.exec('return typeof window.__TAURI_INTERNALS__'), 'object', 'runs inside the Tauri shell');
  await s.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
  return { s, watch, server, driver };
}

async function stopAll(stops) {
  for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch(() => {});
}

/** The ward manager raises an action on Cedar Ward and assigns it to the estates officer. */
async function assignToEstates(s, title) {
  const manager = await invoke(s, 'sign_in', { username: 'manager', password: 'demo-password' });
  const wards = await invoke(s, 'list_my_wards', {}, manager.session);
  const cedar = wards.find((w) => w.ward.name === 'Cedar Ward');
  assert.ok(cedar, `Cedar Ward among ${wards.map((w) => w.ward.name)}`);
  const wardId = cedar.ward.id;
  let action = await invoke(
    s,
    'raise_action',
    { wardId, title, detail: 'The tap in the assisted bathroom is not anti-ligature.', band: 'high', ownerTeam: 'estates', trade: 'plumbing' },
    manager.session,
  );
  if (action.status === 'draft') {
    action = await invoke(s, 'action_step', { actionId: action.id, step: 'confirm', photoIds: [] }, manager.session);
  }
  const people = await invoke(s, 'assignable_users', { wardId }, manager.session);
  const estates = people.find((u) => u.username === 'estates');
  assert.ok(estates, `the estates officer among ${people.map((u) => u.username)}`);
  action = await invoke(s, 'action_step', { actionId: action.id, step: 'assign', assigneeId: estates.id, photoIds: [] }, manager.session);
  assert.equal(action.status, 'assigned');
  assert.equal(action.assigneeId, estates.id);
  await invoke(s, 'sign_out', {}, manager.session);
  return action;
}

/** Open "For you" from the header; what it says needs the person (a count, 0 for nothing). */
async function openForYou(s) {
  await s.click(await find(s, 'link', 'For you'));
  await find(s, 'heading', 'For you');
  const text = await s.waitFor(
    `const t = document.querySelector('main')?.innerText ?? '';
     return (/Nothing needs your attention|\\d+ things? needs? your attention/.test(t)) && t`,
    'the For you list',
    20000,
  );
  return { text, count: Number(/(\d+) things? needs? your attention/.exec(text)?.[1] ?? 0) };
}

test('desktop notifications reach the notification server: the shell\'s notify, and an action assigned to the estates officer', { timeout: 240_000 }, async (t) => {
  assert.ok(fs.existsSync(NOTIFICATION_DAEMON), `install notification-daemon (scripts/lib.sh TEST_PACKAGES): ${NOTIFICATION_DAEMON}`);
  const stops = [];
  try {
    const { s, watch, server, driver } = await startApp('wardsafe-shell-notify-', startNotificationServer, stops);
    assert.equal(server.info.name, 'Notification Daemon', `a real notification server: ${JSON.stringify(server.info)}`);

    // The shell's command, as the UI calls it: on the bus, answered by the server.
    const title = `Wardsafe shell test ${Date.now()}`;
    const body = 'Cedar Ward · High risk · due 1 Jan 2030';
    const sent = await notifyThroughShell(s, title, body);
    assert.ok(!sent.error, `notify: ${JSON.stringify(sent.error)}`);
    const direct = await watch.next((c) => c.summary === title, `a Notify call titled "${title}"`);
    assert.equal(direct.body, body);
    assert.equal(direct.reply.from, server.owner, 'answered by the notification server');
    assert.ok(direct.reply.id > 0, `the server's id for it: ${JSON.stringify(direct.reply)}`);

    // The estates officer signs in on this device: what already needs them is
    // notified (each on its own, or one summary for more than three).
    let since = watch.calls.length;
    await signIn(s, 'estates', SIGNED_IN);
    const before = await openForYou(s);
    if (before.count > 0) {
      const first = await watch.next(() => true, 'the notifications for what already needs the estates officer', { since });
      assert.ok(!first.reply.error, JSON.stringify(first));
      const expected = before.count > 3 ? 1 : before.count;
      await sleep(1500);
      const shown = watch.calls.slice(since).map((c) => c.summary);
      assert.equal(shown.length, expected, `notified on first sign-in for ${before.count} notices: ${JSON.stringify(shown)}`);
      if (before.count > 3) assert.equal(shown[0], `${before.count} things need your attention`);
      else for (const summary of shown) assert.match(summary, /^(Assigned to you|Overdue|Waiting for your verification): /);
    }

    // A ward manager assigns a new action to the estates officer, who signs
    // in again: the UI's notifier shows that one, and only that one.
    const actionTitle = `Replace the tap in the assisted bathroom (shell test ${Date.now()})`;
    const action = await assignToEstates(s, actionTitle);
    await s.click(await find(s, 'button', 'Sign out'));
    since = watch.calls.length;
    await signIn(s, 'estates', SIGNED_IN);
    const assigned = await watch.next((c) => c.summary.startsWith('Assigned to you: '), 'the "Assigned to you" notification', { since });
    assert.equal(assigned.summary, `Assigned to you: ${actionTitle}`);
    assert.equal(assigned.body, `Cedar Ward · High risk · due ${calendarDate(action.dueDate)}`);
    assert.equal(assigned.reply.from, server.owner, 'answered by the notification server');
    assert.ok(assigned.reply.id > 0, `the server's id for it: ${JSON.stringify(assigned.reply)}`);
    const after = await openForYou(s);
    assert.ok(after.text.includes(actionTitle), `on the For you list: ${after.text}`);
    assert.equal(after.count, before.count + 1);
    await sleep(1500);
    assert.deepEqual(
      watch.calls.slice(since).map((c) => c.summary),
      [assigned.summary],
      'only the new assignment is notified; what this device showed before is not shown again',
    );

    // Signed in again, nothing is new: nothing is notified again.
    await s.click(await find(s, 'button', 'Sign out'));
    since = watch.calls.length;
    await signIn(s, 'estates', SIGNED_IN);
    assert.equal((await openForYou(s)).count, after.count);
    await sleep(1500);
    assert.deepEqual(watch.calls.slice(since).map((c) => c.summary), [], 'once per event on this device');
    assert.doesNotMatch(driver.output(), /panicked/);
    for (const c of watch.calls) t.diagnostic(`Notify "${c.summary}" / "${c.body}" -> ${JSON.stringify(c.reply)}`);
  } finally {
    await stopAll(stops);
  }
});

test('with no notification server the app goes on: notify answers without an error for the person, and the notices stay in the app', { timeout: 240_000 }, async (t) => {
  const stops = [];
  try {
    const { s, watch, driver } = await startApp('wardsafe-shell-notify-none-', async () => null, stops);

    const title = `Wardsafe shell test, no server ${Date.now()}`;
    const sent = await notifyThroughShell(s, title, 'Nobody is listening');
    // The command answers: either done (the plugin sends in the background) or
    // an error the UI's notify() swallows; never a crash.
    if (sent.error) assert.equal(typeof sent.error.message, 'string', JSON.stringify(sent.error));
    const refused = await watch.next((c) => c.summary === title, `the Notify call titled "${title}"`);
    assert.equal(refused.reply.error, 'org.freedesktop.DBus.Error.ServiceUnknown', JSON.stringify(refused.reply));

    // The real flow still works, and the person sees the action, not an error.
    const actionTitle = `Replace the tap in the assisted bathroom (shell test, no server ${Date.now()})`;
    await assignToEstates(s, actionTitle);
    await signIn(s, 'estates', SIGNED_IN);
    const attempt = await watch.next((c) => c.summary === `Assigned to you: ${actionTitle}` || /things need your attention$/.test(c.summary), 'the UI\'s attempt to notify');
    assert.equal(attempt.reply.error, 'org.freedesktop.DBus.Error.ServiceUnknown');
    const list = await openForYou(s);
    assert.ok(list.text.includes(actionTitle), `on the For you list: ${list.text}`);
    const errors = await s.exec(
      `return [...document.querySelectorAll('.nhsuk-error-summary, [role=alert]')].map((e) => e.innerText.trim()).filter(Boolean)`,
    );
    assert.deepEqual(errors, [], 'no error shown');
    assert.doesNotMatch(await s.text(), /notification/i);
    const status = await invoke(s, 'app_status', {});
    assert.ok(status, 'the app still answers');
    assert.doesNotMatch(driver.output(), /panicked/);
    for (const c of watch.calls) t.diagnostic(`Notify "${c.summary}" / "${c.body}" -> ${JSON.stringify(c.reply)}`);
  } finally {
    await stopAll(stops);
  }
});

test('with no session bus at all the app goes on: notify answers without a crash', { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `build the app first: ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-shell-notify-nobus-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  execFileSync(BIN, ['demo', '--db', db], { stdio: 'ignore' });
  // A session bus address where nothing listens (and no X11 autolaunch of one).
  const env = { ...shellEnv(dir, db), DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dir, 'no-bus')}`, NO_AT_BRIDGE: '1' };
  const driver = await startDriver(env);
  let s;
  try {
    s = await Session.start(driver.url, BIN);
    await s.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
    const sent = await notifyThroughShell(s, 'Wardsafe shell test, no bus', 'Nobody is listening');
    if (sent.error) assert.equal(typeof sent.error.message, 'string', JSON.stringify(sent.error));
    await sleep(1000);
    const status = await invoke(s, 'app_status', {});
    assert.ok(status, 'the app still answers');
    await signIn(s, 'estates', SIGNED_IN);
    assert.doesNotMatch(driver.output(), /panicked/);
  } finally {
    await s?.quit();
    driver.proc.kill();
  }
});
