#!/usr/bin/env node
// Sign-in latency (p50/p99) and sustained sign-ins per second of the real
// server with the shipped Argon2id parameters, next to a stronger setting for
// comparison, in the same run. Not a test: it asserts nothing.
//
//   SOCKSTREAM_BUILD_DIR=build node bench/auth/signin-bench.mjs \
//     [--seconds 15] [--concurrency 8] [--users 32] [--workers 2] [--cpus 0,1] [--compare 65536,3]
//
// --cpus pins the server to those CPUs (taskset) so "two cores" means two
// cores whatever the machine has; the load generator runs unpinned. Latency is
// measured with one client (the cost of one sign-in), throughput with many.
// Build the server in Release for figures: libargon2 itself is always optimised.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { startServer } from '../../tests/integration/lib/server.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const seconds = Number(option('seconds', 15));
const concurrency = Number(option('concurrency', 8));
const userCount = Number(option('users', 32));
const workers = Number(option('workers', 2));
const cpus = option('cpus', '0,1');
const compare = option('compare', '65536,3');

function pin(pid) {
  if (!cpus) return false;
  try {
    // -a: every thread the server has started so far; the pools exist once /healthz answers.
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function post(server, pathname, body) {
  const response = await server.fetch(pathname, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function measure(server, users, clients, durationSeconds) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const user = users[next % users.length];
      next += 1;
      const t0 = performance.now();
      const status = await post(server, '/api/auth/sign-in/email', user);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures += 1;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    failures,
    perSecond: (latencies.length / elapsed).toFixed(1),
    p50: percentile(latencies, 50).toFixed(1),
    p99: percentile(latencies, 99).toFixed(1),
  };
}

async function run(label, argon2) {
  const server = await startServer({
    logLevel: 'warning',
    server: { workerThreads: workers },
    plugins: [{
      name: 'auth-password', library: 'auth-password', enabled: true, dependencies: [],
      config: { argon2, rateLimit: { enabled: false } },
    }],
  });
  try {
    const pinned = pin(server.pid);
    const users = [];
    for (let i = 0; i < userCount; i += 1) {
      const user = { email: `bench-${i}@example.com`, password: `bench passphrase ${i} of ${userCount}` };
      const status = await post(server, '/api/auth/sign-up/email', { name: `Bench ${i}`, ...user });
      if (status !== 200) throw new Error(`sign-up answered ${status}`);
      users.push(user);
    }
    // Warm-up, then one client alone (latency), then many (throughput).
    await Promise.all(users.slice(0, concurrency).map((u) => post(server, '/api/auth/sign-in/email', u)));
    const alone = await measure(server, users, 1, Math.max(3, seconds / 3));
    const loaded = await measure(server, users, concurrency, seconds);
    return {
      label,
      argon2: `m=${argon2.memoryKiB} KiB, t=${argon2.iterations}, p=1`,
      pinned: pinned ? `CPUs ${cpus}` : `unpinned (${os.cpus().length} CPUs)`,
      'p50 ms (1 client)': alone.p50,
      'p99 ms (1 client)': alone.p99,
      [`sign-ins/s (${concurrency} clients)`]: loaded.perSecond,
      [`p50 ms (${concurrency} clients)`]: loaded.p50,
      [`p99 ms (${concurrency} clients)`]: loaded.p99,
      failures: alone.failures + loaded.failures,
    };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

const [compareMemory, compareIterations] = compare.split(',').map(Number);
const results = [await run('shipped', { memoryKiB: 19456, iterations: 2, parallelism: 1 })];
if (compare) {
  results.push(await run('stronger', { memoryKiB: compareMemory, iterations: compareIterations, parallelism: 1 }));
}
console.log(`sign-in benchmark: ${seconds} s loaded per setting, ${concurrency} concurrent clients, ${workers} worker threads;`
  + ` load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on these CPUs lowers the figures)`);
console.table(results);
