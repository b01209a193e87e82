#!/usr/bin/env node
// The JavaScript each page of the app downloads, read from Vite's build
// manifest: the entry chunk and every chunk it imports statically (what the
// browser loads before the home page shows), plus, for a page behind a
// dynamic import, that chunk and its static imports, and so on.
//
// Usage (from web/): node scripts/bundle-sizes.mjs [--json]
// It builds the app once into a temporary folder with a manifest (web/dist is
// left alone, and the shipped build carries no manifest), prints a table of
// raw and gzip bytes per page, and removes the folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The lazily loaded module that starts each page, by source path, and whether
// the page also runs that module's own dynamic imports (a live room loads the
// video player's hls.js; an offline room does not). A name missing from the
// manifest (a tree without that split) is reported.
const pages = [
  { name: 'home (/)', dynamic: [] },
  { name: 'room, offline (/r/:id)', dynamic: ['src/pages/RoomPage.jsx'] },
  { name: 'room, live (/r/:id)', dynamic: ['src/pages/RoomPage.jsx'], followDynamic: true },
  { name: 'my room (/me/room)', dynamic: ['src/pages/MyRoomPage.jsx'] },
];

function build() {
  const outDir = mkdtempSync(path.join(tmpdir(), 'sockstream-bundle-'));
  execFileSync('npx', ['vite', 'build', '--manifest', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: webDir, stdio: ['ignore', 'inherit', 'inherit'],
  });
  return outDir;
}

/** The chunk keys a chunk pulls in statically, itself included. */
function staticClosure(manifest, key, into = new Set()) {
  if (!manifest[key] || into.has(key)) return into;
  into.add(key);
  for (const child of manifest[key].imports || []) staticClosure(manifest, child, into);
  return into;
}

function sizes(outDir, manifest, keys) {
  let raw = 0;
  let gzip = 0;
  for (const key of keys) {
    const bytes = readFileSync(path.join(outDir, manifest[key].file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

// Match on the key's end so a path prefix does not matter.
function findKey(manifest, wanted) {
  if (manifest[wanted]) return wanted;
  return Object.keys(manifest).find((k) => k.endsWith(wanted)) || null;
}

const outDir = build();
try {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const rows = pages.map((page) => {
    const keys = staticClosure(manifest, entry);
    const missing = [];
    for (const d of page.dynamic) {
      const key = findKey(manifest, d);
      if (!key) { missing.push(d); continue; }
      staticClosure(manifest, key, keys);
      if (page.followDynamic) {
        for (const inner of staticClosure(manifest, key)) {
          for (const lazy of manifest[inner].dynamicImports || []) staticClosure(manifest, lazy, keys);
        }
      }
    }
    return { page: page.name, chunks: keys.size, ...sizes(outDir, manifest, keys), missing };
  });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log('| page | chunks | JS raw | JS gzip |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(`| ${r.page} | ${r.chunks} | ${kb(r.raw)} | ${kb(r.gzip)} |${r.missing.length ? ` (not split here: ${r.missing.join(', ')})` : ''}`);
    }
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
