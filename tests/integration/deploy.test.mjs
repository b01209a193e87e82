// Checks the container set-up as far as a machine without a Docker engine allows:
// the compose file validates, the image's build stage uses the README's set-up
// script, and its slim runtime stage installs every Debian package whose
// shared libraries the built server and plugins actually load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, buildDir } from './lib/server.mjs';

const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

function runtimeStage() {
  const start = dockerfile.indexOf('FROM debian:12-slim AS runtime');
  assert.ok(start > 0, 'Dockerfile has a runtime stage');
  return dockerfile.slice(start);
}

test('docker-compose.yml validates', () => {
  execFileSync('docker-compose', ['-f', path.join(repoRoot, 'docker-compose.yml'), 'config', '-q'], {
    cwd: repoRoot, stdio: 'pipe', timeout: 60000,
  });
});

test('the scale-out profile validates and its nginx edge config passes nginx -t', () => {
  execFileSync('docker-compose', ['-f', path.join(repoRoot, 'docker-compose.yml'), '--profile', 'cluster', 'config', '-q'], {
    cwd: repoRoot, stdio: 'pipe', env: { ...process.env, SOCKSTREAM_AUTH_SECRET: 'x', SOCKSTREAM_STREAM_KEY_SECRET: 'y' },
  });
  const services = execFileSync('docker-compose', ['-f', path.join(repoRoot, 'docker-compose.yml'), '--profile', 'cluster',
    'config', '--services'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  assert.deepEqual(services, ['edge', 'postgres', 'redis', 'sockstream', 'sockstream-a', 'sockstream-b']);
  // Debian's nginx with its stream module stands in for the image's; the
  // compose service names become loopback so nginx -t can resolve them.
  const dir = mkdtempSync(path.join(tmpdir(), 'nginx-edge-'));
  try {
    const edge = readFileSync(path.join(repoRoot, 'deploy', 'nginx', 'cluster.conf'), 'utf8')
      .replace(/sockstream-[ab]:/g, '127.0.0.1:')
      .replace('/var/cache/nginx/hls', path.join(dir, 'cache'));
    writeFileSync(path.join(dir, 'edge.conf'), edge);
    writeFileSync(path.join(dir, 'nginx.conf'),
      `load_module /usr/lib/nginx/modules/ngx_stream_module.so;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\ninclude ${dir}/edge.conf;\n`);
    execFileSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the build stage runs the same set-up script as the quick start', () => {
  const build = dockerfile.slice(0, dockerfile.indexOf('AS runtime'));
  assert.match(build, /FROM debian:12 AS build/);
  assert.match(build, /scripts\/setup\.sh/);
});

test('the runtime stage is slim, non-root, healthchecked and exposes the ports', () => {
  const stage = runtimeStage();
  assert.match(stage, /FROM debian:12-slim/);
  assert.match(stage, /USER sockstream/);
  assert.match(stage, /HEALTHCHECK[\s\S]*\/healthz/);
  assert.match(stage, /EXPOSE 8080 1935/);
  assert.match(stage, /VOLUME/);
  assert.doesNotMatch(stage, /-dev\b/, 'no development packages in the runtime image');
});

test('the runtime stage installs every package the built binaries load', () => {
  const binaries = [path.join(buildDir, 'bin', 'sockstream'), path.join(buildDir, 'lib', 'libsockstream.so')];
  const pluginDir = path.join(buildDir, 'lib', 'sockstream');
  if (existsSync(pluginDir)) {
    for (const name of readdirSync(pluginDir)) {
      if (/^libsockstream-(auth-password|auth-google|chat|hls|rtmp)\.so$/.test(name)) binaries.push(path.join(pluginDir, name));
    }
  }
  const libraries = new Set();
  for (const binary of binaries) {
    const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const match = line.match(/=>\s+(\/\S+)/);
      if (match && !match[1].includes(buildDir)) libraries.add(match[1]);
    }
  }
  // Packages every Debian image has, and the ones that come with them as dependencies.
  const essential = /^(libc6|libstdc\+\+6|libgcc-s1|libssl3|zlib1g|libzstd1|liblzma5|libbz2-1\.0|libcrypt1|libselinux1|libpcre2-8-0|libgmp10|libnettle8|libhogweed6|libp11-kit0|libtasn1-6|libunistring2|libidn2-0|libffi8|libgnutls30|libsqlite3-0|libpq5)$/;
  const stage = runtimeStage();
  const missing = new Set();
  for (const library of libraries) {
    let owner;
    try {
      owner = execFileSync('dpkg', ['-S', library], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;  // not from a package (e.g. a symlink dpkg does not own under this name)
    }
    const pkg = owner.split(':')[0].trim();
    if (essential.test(pkg)) continue;
    // Direct links of our binaries must be named; their own dependencies come with them.
    if (!new RegExp(`\\b${pkg.replace(/[.+]/g, '\\$&')}\\b`).test(stage)) missing.add(pkg);
  }
  // Libraries pulled in by FFmpeg, Poco or Boost are installed with them; only report ours.
  const ours = [...missing].filter((pkg) => /^lib(poco|av|sw|boost|argon2)/.test(pkg));
  assert.deepEqual(ours, [], `runtime stage lacks: ${ours.join(', ')}`);
});
