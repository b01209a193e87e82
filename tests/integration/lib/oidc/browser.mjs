// A minimal browser for driving sign-in flows: it follows redirects, keeps
// cookies per origin (honouring Max-Age=0 and expiry) and submits HTML forms.
// HTTPS peers are trusted through the given CA only.
import http from 'node:http';
import https from 'node:https';

function request(url, { method = 'GET', headers = {}, body, ca, timeoutMs = 15000 }) {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers, ca, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        url, status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export class Browser {
  constructor({ ca } = {}) {
    this.ca = ca;
    this.jars = new Map();  // origin -> Map(name -> value)
    this.history = [];
  }

  jar(origin) {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin);
  }

  cookies(url) { return this.jar(new URL(url).origin); }

  storeCookies(url, headers) {
    const jar = this.jar(new URL(url).origin);
    for (const line of [].concat(headers['set-cookie'] || [])) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = attributes.map((a) => a.trim().toLowerCase());
      const expired = attr.some((a) => a === 'max-age=0' || a.startsWith('max-age=-'))
        || attr.some((a) => a.startsWith('expires=') && Date.parse(a.slice(8)) < Date.now());
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** One request, no redirect following. */
  async fetch(url, { method = 'GET', headers = {}, body } = {}) {
    const jar = this.jar(new URL(url).origin);
    const allHeaders = { 'user-agent': 'sockstream-test-browser', ...headers };
    if (jar.size) allHeaders.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) allHeaders['content-length'] = Buffer.byteLength(body);
    const res = await request(url, { method, headers: allHeaders, body, ca: this.ca });
    this.storeCookies(url, res.headers);
    this.history.push({ method, url, status: res.status, location: res.headers.location });
    return res;
  }

  /** Follows redirects (GET after 302/303) until a non-redirect answer or `stopAt(url)` is true. */
  async navigate(url, { method = 'GET', headers = {}, body, maxRedirects = 20, stopAt } = {}) {
    let current = url;
    const followHeaders = { ...headers };
    delete followHeaders['content-type'];
    let res = await this.fetch(current, { method, headers, body });
    for (let i = 0; i < maxRedirects && res.status >= 300 && res.status < 400 && res.headers.location; i++) {
      current = new URL(res.headers.location, current).toString();
      if (stopAt && stopAt(current)) return { ...res, stoppedAt: current };
      res = await this.fetch(current, { headers: followHeaders });
    }
    return res;
  }

  /** Submits the first form of an HTML page with its hidden fields plus `fields`. */
  async submitForm(page, fields = {}, { stopAt } = {}) {
    const form = page.body.match(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i);
    if (!form) throw new Error(`no form on ${page.url}:\n${page.body.slice(0, 500)}`);
    const values = {};
    for (const input of form[2].matchAll(/<input[^>]*>/gi)) {
      const name = input[0].match(/name="([^"]+)"/i);
      const value = input[0].match(/value="([^"]*)"/i);
      if (name && /type="hidden"/i.test(input[0])) values[name[1]] = value ? value[1] : '';
    }
    Object.assign(values, fields);
    const action = new URL(form[1].replace(/&amp;/g, '&'), page.url).toString();
    return this.navigate(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(values).toString(),
      stopAt,
    });
  }
}
