// Child processes for tests (encoders, probes): stopped by PID, every wait bounded.
import { spawn } from 'node:child_process';

/** Runs a child process; `done` resolves with its exit code, signal and stderr. Killed after `timeoutMs`. */
export function run(command, args, { timeoutMs = 60000 } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, timeoutMs);
  done.finally(() => clearTimeout(timer));
  return {
    child, done,
    kill(signal = 'SIGKILL') { try { process.kill(child.pid, signal); } catch {} return done; },
  };
}
