// A D-Bus session bus of the test's own, a real notification server on it
// (GNOME's notification-daemon, Debian's `notification-daemon`), and a
// watch on the bus (dbus-monitor) that records every
// org.freedesktop.Notifications.Notify call with the answer it got.
//
// The bus is private (nothing is started on it by activation), so the test
// decides whether a notification server is there, and a developer's own
// desktop is never notified by the tests.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const NOTIFICATION_DAEMON = '/usr/lib/notification-daemon/notification-daemon';
const NOTIFICATIONS = 'org.freedesktop.Notifications';

/** Lines from a child's stream, one callback per line. */
function lines(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    rest += chunk;
    let i;
    while ((i = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
  });
}

async function until(check, what, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Start a session bus in `dir`; resolves to `{ address, env, proc, stop }`,
 * where `env` is what a process needs to use it.
 */
export async function startBus(dir) {
  const conf = path.join(dir, 'session-bus.conf');
  fs.writeFileSync(
    conf,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${path.join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const proc = spawn('dbus-daemon', ['--config-file', conf, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not start')), 10000);
    lines(proc.stdout, (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  return { address, env, proc, stop: () => proc.kill() };
}

/** Call a method with dbus-send; its printed reply, or throws the bus's error. */
export function busCall(env, dest, objectPath, method, ...args) {
  return execFileSync('dbus-send', ['--session', '--print-reply', `--dest=${dest}`, objectPath, method, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 5000,
  });
}

/** The unique name that owns `name` on the bus, or null. */
export function ownerOf(env, name) {
  try {
    const out = busCall(env, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetNameOwner', `string:${name}`);
    return /string "(:[^"]+)"/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Start notification-daemon on the bus (it draws its bubbles on DISPLAY);
 * resolves when it owns org.freedesktop.Notifications, with the server's own
 * account of itself (GetServerInformation) and its unique name on the bus.
 */
export async function startNotificationServer(bus) {
  const proc = spawn(NOTIFICATION_DAEMON, [], { env: { ...bus.env, NO_AT_BRIDGE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c) => (stderr += c));
  let exited = null;
  proc.on('exit', (code, signal) => (exited = `${code ?? signal}`));
  const owner = await until(() => {
    if (exited !== null) throw new Error(`notification-daemon exited (${exited}): ${stderr}`);
    return ownerOf(bus.env, NOTIFICATIONS);
  }, 'notification-daemon to own org.freedesktop.Notifications', 15000);
  const info = busCall(bus.env, NOTIFICATIONS, '/org/freedesktop/Notifications', `${NOTIFICATIONS}.GetServerInformation`);
  const [name, vendor, version, specVersion] = [...info.matchAll(/string "([^"]*)"/g)].map((m) => m[1]);
  const stop = async () => {
    if (exited !== null) return;
    proc.kill();
    await until(() => exited !== null, 'notification-daemon to end', 5000);
  };
  return { proc, owner, info: { name, vendor, version, specVersion }, stop };
}

/**
 * Watch the bus: every Notify call, as
 * `{ sender, serial, appName, icon, summary, body, reply }`, where `reply` is
 * `{ from, id }` once the server answered with the notification's id, or
 * `{ from, error, message }` when the bus or server refused it.
 */
export async function watchNotifications(bus) {
  const proc = spawn('dbus-monitor', ['--session'], { env: bus.env, stdio: ['ignore', 'pipe', 'ignore'] });
  const calls = [];
  let ready = false;
  let block = null;
  const field = (head, name) => new RegExp(`(?:^| )${name}=(\\S+?);?(?: |$)`).exec(head)?.[1];
  const str = (arg) => /^string "(.*)"$/.exec(arg ?? '')?.[1] ?? '';
  // A call is whole when the next message starts (its answer comes after it);
  // an answer is whole with its one argument.
  const finish = () => {
    if (!block) return;
    const { head, args } = block;
    block = null;
    if (head.startsWith('method call ') && field(head, 'member') === 'Notify' && field(head, 'interface') === NOTIFICATIONS) {
      const [appName, icon, summary, body] = args.filter((a) => a.startsWith('string ')).map(str);
      calls.push({ sender: field(head, 'sender'), serial: field(head, 'serial'), appName, icon, summary, body, reply: null });
      return;
    }
    const replyTo = field(head, 'reply_serial');
    const to = /-> destination=(\S+)/.exec(head)?.[1];
    const call = replyTo && calls.find((c) => c.serial === replyTo && c.sender === to && !c.reply);
    if (!call) return;
    const from = field(head, 'sender');
    if (head.startsWith('method return ')) {
      call.reply = { from, id: Number(/^uint32 (\d+)$/.exec(args[0] ?? '')?.[1] ?? NaN) };
    } else if (head.startsWith('error ')) {
      call.reply = { from, error: field(head, 'error_name'), message: str(args[0]) };
    }
  };
  lines(proc.stdout, (line) => {
    if (/^\s/.test(line)) {
      if (!block) return;
      block.args.push(line.trim());
      if (/^(method return|error) /.test(block.head)) finish();
      return;
    }
    finish();
    block = { head: line, args: [] };
    // dbus-monitor gives up its own name once it has become a monitor.
    if (/^signal .* member=NameLost$/.test(line)) ready = true;
  });
  await until(() => ready, 'dbus-monitor to watch the bus', 10000);
  return {
    calls,
    /** The first Notify call (from index `since`) that `match` accepts, once it has its answer. */
    async next(match, what, { since = 0, timeoutMs = 20000 } = {}) {
      return until(() => calls.slice(since).find((c) => c.reply && match(c)), what, timeoutMs);
    },
    stop() {
      proc.kill();
    },
  };
}
