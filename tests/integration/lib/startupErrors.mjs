// Servers that must refuse to start: run the real binary on a bad config, wait
// (bounded) for it to exit, and check it said so in exactly one line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { serverBinary } from './server.mjs';

export const isListening = (port) => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('connect', () => { socket.destroy(); resolve(true); });
  socket.on('error', () => resolve(false));
});

export const processAlive = (pid) => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

/**
 * Runs the binary on a config that must be refused. `configText` is the file's
 * text or a function of the temp directory returning it; `env` replaces the
 * environment when given. Waits (bounded) for the exit and returns
 * { code, signal, stdout, stderr, pid, configPath, httpPort }.
 */
export async function runExpectingExit(configText, { httpPort, env } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockstream-badconfig-'));
  const configPath = path.join(dir, 'sockstream.json');
  writeFileSync(configPath, typeof configText === 'function' ? configText(dir) : configText);
  const child = spawn(serverBinary, ['--config', configPath], { cwd: dir, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, 20000);
  const { code, signal } = await exited;
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { code, signal, stdout, stderr, pid: child.pid, configPath, httpPort };
}

/** Lines the server wrote as its own error report ("sockstream: ..."), not log lines. */
export const errorLines = (stderr) => stderr.split('\n').filter((line) => line.startsWith('sockstream: '));

/** The server exited by itself, non-zero, with one error line mentioning every `expected` part; returns that line. */
export async function assertRefused(result, ...expected) {
  assert.notEqual(result.code, 0, `the server must exit non-zero\n${result.stderr}`);
  assert.equal(result.signal, null, 'it exits by itself, not by a signal');
  const lines = errorLines(result.stderr);
  assert.equal(lines.length, 1, `exactly one error line, got:\n${result.stderr}`);
  for (const part of expected) assert.ok(lines[0].includes(part), `"${lines[0]}" should mention "${part}"`);
  assert.equal(processAlive(result.pid), false, 'no process left running');
  if (result.httpPort) assert.equal(await isListening(result.httpPort), false, 'its port is closed');
  return lines[0];
}
