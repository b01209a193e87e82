// Starts the real build/bin/sockstream on free loopback ports with a config
// written for the test, and stops it by PID. Every wait is bounded.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const buildDir = process.env.SOCKSTREAM_BUILD_DIR || path.join(repoRoot, 'build');
export const serverBinary = path.join(buildDir, 'bin', 'sockstream');

// Ports handed out in this process: the kernel may offer the same free port to
// two bind(0) calls in a row, and a server given the same port twice cannot start.
const handedOut = new Set();

/** A loopback port nothing listens on and that this process has not handed out before. */
export async function freePort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port: chosen } = srv.address();
        srv.close(() => resolve(chosen));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no fresh loopback port after 20 attempts');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 10000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) { lastError = e; }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

export const defaultChannels = [
  { id: 'gaming', title: 'Gaming', description: 'Games, speedruns and esports', order: 1 },
  { id: 'music', title: 'Music', description: 'Live music and DJ sets', order: 2 },
  { id: 'sports', title: 'Sports', description: 'Sports and fitness', order: 3 },
];

/** The plugin entries of config/sockstream.json, so tests load exactly what ships. */
export function shippedPlugins() {
  const config = JSON.parse(readFileSync(path.join(repoRoot, 'config', 'sockstream.json'), 'utf8'));
  return config.plugins;
}

/**
 * Starts a server. `options.plugins` replaces the plugin list (default: the
 * shipped list); `options.configure(config)` may edit the config before it is written.
 */
export async function startServer(options = {}) {
  // Another process may take a free port between our check and the server's bind;
  // then the server stops with "Address already in use" and we try fresh ports.
  const portsChosenHere = !options.httpPort && !options.rtmpPort && !options.expectExit;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(options);
    } catch (e) {
      if (!portsChosenHere || attempt >= 3 || !/Address already in use/.test(e.message)) throw e;
    }
  }
}

async function startServerOnce(options) {
  const dataDir = options.dataDir || mkdtempSync(path.join(tmpdir(), 'sockstream-test-'));
  const httpPort = options.httpPort || await freePort();
  const rtmpPort = options.rtmpPort || await freePort();
  const publicUrl = options.publicUrl || `http://127.0.0.1:${httpPort}`;
  const config = {
    server: {
      host: '127.0.0.1',
      httpPort,
      publicUrl,
      dataDir,
      webRoot: options.webRoot || path.join(repoRoot, 'web', 'dist'),
      logLevel: options.logLevel || 'information',
      ioThreads: 2,
      ...(options.server || {}),
    },
    channels: options.channels || defaultChannels,
    rooms: options.rooms || {},
    plugins: options.plugins || shippedPlugins(),
  };
  if (options.configure) options.configure(config);
  const configPath = path.join(dataDir, 'sockstream.json');
  writeFileSync(configPath, options.rawConfig ?? JSON.stringify(config, null, 2));

  // The rtmp plugin's port comes from SOCKSTREAM_RTMP_PORT (an override of its
  // config's "port", which wins over the file) unless the test set that port itself.
  const rtmpEntry = (options.rawConfig ? [] : config.plugins || []).find((p) => p.name === 'rtmp');
  const portInConfig = rtmpEntry?.config?.port !== undefined;
  const env = { ...process.env, ...(portInConfig ? {} : { SOCKSTREAM_RTMP_PORT: String(rtmpPort) }), ...(options.env || {}) };
  if (portInConfig && !(options.env && 'SOCKSTREAM_RTMP_PORT' in options.env)) delete env.SOCKSTREAM_RTMP_PORT;
  for (const key of ['SOCKSTREAM_HTTP_PORT', 'SOCKSTREAM_DATA_DIR', 'SOCKSTREAM_PUBLIC_URL']) {
    if (!(options.env && key in options.env)) delete env[key];
  }
  const child = spawn(serverBinary, ['--config', configPath], {
    cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const server = {
    child, pid: child.pid, httpPort, rtmpPort, dataDir, configPath, publicUrl,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    rtmpUrl: `rtmp://127.0.0.1:${rtmpPort}/live`,
    get output() { return output; },
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, 10000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    cleanup() {
      if (!options.dataDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
    fetch(pathname, init) { return fetch(`${server.baseUrl}${pathname}`, init); },
    /** POSTs JSON as a browser on the server's origin would, keeping cookies in `jar`. */
    async postJson(jar, pathname, body) {
      const res = await server.fetch(pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.publicUrl, cookie: jar.header() },
        body: JSON.stringify(body ?? {}),
      });
      jar.store(res);
      return res;
    },
  };
  if (options.expectExit) return server;
  try {
    let exitedEarly = false;
    exited.then(() => { exitedEarly = true; });
    await waitFor(async () => {
      // An exit is final: stop polling at once and say why, last line first.
      if (exitedEarly || child.exitCode !== null) return 'exited';
      const res = await fetch(`${server.baseUrl}/healthz`);
      return res.ok;
    }, { timeoutMs: options.startTimeoutMs || 20000, what: 'the server to answer /healthz' });
    if (exitedEarly || child.exitCode !== null) {
      const { code, signal } = await exited;
      const lastLine = output.trim().split('\n').pop();
      throw new Error(`server exited with ${code ?? signal} before answering /healthz: ${lastLine}`);
    }
  } catch (e) {
    await server.stop('SIGKILL');
    if (!options.dataDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${e.message}\n--- server output ---\n${output}`);
  }
  return server;
}

/** Keeps cookies between requests, like a browser on one origin. */
export class CookieJar {
  constructor() { this.cookies = new Map(); }
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}
