// Debian's nginx with libnginx-mod-rtmp as an RTMP destination: started in the
// foreground on a loopback port with its own prefix, stopped by PID.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { waitFor } from './server.mjs';

export const nginxRtmpModule = '/usr/lib/nginx/modules/ngx_rtmp_module.so';
/** libnginx-mod-stream: a TLS terminator in front of nginx-rtmp makes an rtmps:// destination. */
export const nginxStreamModule = '/usr/lib/nginx/modules/ngx_stream_module.so';

export class NginxRtmp {
  /** `tls`: [{port, cert, key}] TLS listeners (nginx's stream module) that proxy to the RTMP port. */
  constructor(port, { app = 'app', tls = [] } = {}) {
    this.port = port;
    this.app = app;
    this.tls = tls;
    this.dir = mkdtempSync(path.join(tmpdir(), 'nginx-rtmp-'));
    this.errorLog = path.join(this.dir, 'error.log');
    this.child = null;
  }

  url(key = '') { return `rtmp://127.0.0.1:${this.port}/${this.app}${key ? `/${key}` : ''}`; }

  async start() {
    const conf = path.join(this.dir, 'nginx.conf');
    // info level: nginx-rtmp logs every "publish: name='…'" there, which is how
    // a test learns what reached it.
    const tlsServers = this.tls.map((t) => `server { listen 127.0.0.1:${t.port} ssl; ssl_certificate ${t.cert}; `
      + `ssl_certificate_key ${t.key}; proxy_pass 127.0.0.1:${this.port}; }`);
    writeFileSync(conf, [
      `load_module ${nginxRtmpModule};`,
      ...(tlsServers.length ? [`load_module ${nginxStreamModule};`] : []),
      'daemon off;', 'master_process off;', 'worker_processes 1;',
      `pid ${path.join(this.dir, 'nginx.pid')};`,
      `error_log ${this.errorLog} info;`,
      'events { worker_connections 256; }',
      `rtmp { server { listen 127.0.0.1:${this.port}; chunk_size 4096; application ${this.app} { live on; } } }`,
      ...(tlsServers.length ? [`stream { ${tlsServers.join(' ')} }`] : []),
      '',
    ].join('\n'));
    this.child = spawn('nginx', ['-p', this.dir, '-c', conf, '-e', this.errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (d) => { stderr += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    await waitFor(() => new Promise((resolve) => {
      if (this.child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      const socket = net.connect(this.port, '127.0.0.1');
      socket.on('connect', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    }), { timeoutMs: 10000, what: `nginx-rtmp on port ${this.port}` });
  }

  /** Stops it by PID (SIGKILL: a crash, no goodbye to the publisher). */
  async stop(signal = 'SIGKILL') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(this.child.pid, signal);
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 10000))]);
  }

  log() { return existsSync(this.errorLog) ? readFileSync(this.errorLog, 'utf8') : ''; }

  /** Stream names publishers sent, from nginx-rtmp's own log. */
  publishedNames() {
    return [...this.log().matchAll(/publish: name='([^']*)'/g)].map((m) => m[1]);
  }

  cleanup() { rmSync(this.dir, { recursive: true, force: true }); }
}
