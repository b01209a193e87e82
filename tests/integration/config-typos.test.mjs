// A typo or a wrong type in any plugin's config stops start-up with one line
// that names the file, the plugin and the key (issue 21). Every plugin that
// ships in config/sockstream.json must have a case here: a new plugin without
// one fails the first test, so it cannot silently accept typos.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, buildDir, freePort, defaultChannels, shippedPlugins } from './lib/server.mjs';
import { runExpectingExit, assertRefused } from './lib/startupErrors.mjs';

const pluginDir = path.join(buildDir, 'lib', 'sockstream');

/** Per shipped plugin: a config with a typo, one with a wrong type, and what each must say. */
const cases = {
  'auth-password': {
    typo: { config: { rateLimit: { attemps: 3 } }, says: 'rateLimit.attemps is not a known setting (did you mean "attempts"?)' },
    wrongType: { config: { maxBodyBytes: '8k' }, says: 'maxBodyBytes must be an integer' },
  },
  'auth-google': {
    typo: { config: { clientId: 'id', clientSecrt: 's' }, says: 'clientSecrt is not a known setting (did you mean "clientSecret"?)' },
    wrongType: { config: { clientId: 'id', clientSecret: 's', readTimeoutMs: 'fast' }, says: 'readTimeoutMs must be an integer' },
  },
  chat: {
    typo: { config: { historySise: 50 }, says: 'historySise is not a known setting (did you mean "historySize"?)' },
    wrongType: { config: { pingIntervalMs: true }, says: 'pingIntervalMs must be an integer' },
  },
  rtmp: {
    typo: { config: { limits: { maxChunkSze: 4096 } }, says: 'limits.maxChunkSze is not a known setting (did you mean "maxChunkSize"?)' },
    wrongType: { config: { port: '1935' }, says: 'port must be an integer' },
  },
  hls: {
    typo: { config: { lowLatancy: false }, says: 'lowLatancy is not a known setting (did you mean "lowLatency"?)' },
    wrongType: { config: { targetDurationSeconds: '2' }, says: 'targetDurationSeconds must be a number' },
  },
  srt: {
    typo: { config: { latencyMiliseconds: 300 }, says: 'latencyMiliseconds is not a known setting (did you mean "latencyMilliseconds"?)' },
    wrongType: { config: { port: '9000' }, says: 'port must be an integer' },
  },
  webrtc: {
    typo: { config: { udpPrt: 8189 }, says: 'udpPrt is not a known setting (did you mean "udpPort"?)' },
    wrongType: { config: { udpPort: '8189' }, says: 'udpPort must be an integer' },
  },
  recordings: {
    typo: { config: { maxAgeDay: 30 }, says: 'maxAgeDay is not a known setting (did you mean "maxAgeDays"?)' },
    wrongType: { config: { recordByDefault: 'yes' }, says: 'recordByDefault must be true or false' },
  },
  restream: {
    typo: { config: { maxDestinationPerRoom: 5 }, says: 'maxDestinationPerRoom is not a known setting (did you mean "maxDestinationsPerRoom"?)' },
    wrongType: { config: { maxDestinationsPerRoom: '5' }, says: 'maxDestinationsPerRoom must be an integer' },
  },
};

/** A config for the real binary: loopback, a temp data dir, only `plugins`. */
const configWith = (plugins, httpPort) => (dir) => JSON.stringify({
  server: { host: '127.0.0.1', httpPort, dataDir: path.join(dir, 'data'), pluginDir, ioThreads: 1 },
  channels: defaultChannels,
  plugins,
});

// No SOCKSTREAM_* variable from the caller may fill in a value a case leaves out.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SOCKSTREAM_')));

async function assertStopsWith(plugins, pluginName, says) {
  const httpPort = await freePort();
  const result = await runExpectingExit(configWith(plugins, httpPort), { httpPort, env: cleanEnv });
  const line = await assertRefused(result);
  assert.equal(line, `sockstream: ${result.configPath}: plugin "${pluginName}": ${says}`);
  assert.equal(result.code, 78, 'EX_CONFIG: a configuration error');
}

describe('a plugin config with a mistake stops start-up', () => {
  const shipped = shippedPlugins();

  test('every plugin, shipped or in plugins/, has a case here', () => {
    assert.deepEqual(shipped.map((p) => p.name).sort(), Object.keys(cases).sort());
    // A folder under plugins/ that builds a plugin module (sockstream_add_plugin).
    const inTree = readdirSync(path.join(repoRoot, 'plugins'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .filter((entry) => /sockstream_add_plugin\(/.test(readFileSync(path.join(repoRoot, 'plugins', entry.name, 'CMakeLists.txt'), 'utf8')))
      .map((entry) => entry.name);
    assert.deepEqual(inTree.sort(), Object.keys(cases).sort());
  });

  for (const declared of shipped) {
    const { typo, wrongType } = cases[declared.name] ?? {};
    if (!typo) continue;
    const entry = (config) => ({ ...declared, enabled: true, dependencies: [], config });

    test(`${declared.name}: a misspelt key names file, plugin and key, with the key it meant`, async () => {
      await assertStopsWith([entry(typo.config)], declared.name, typo.says);
    });

    test(`${declared.name}: a value of the wrong type names file, plugin and key`, async () => {
      await assertStopsWith([entry(wrongType.config)], declared.name, wrongType.says);
    });
  }

  test("the core's own sections suggest the key too", async () => {
    const httpPort = await freePort();
    const result = await runExpectingExit(
      (dir) => JSON.stringify({ server: { host: '127.0.0.1', httpPort, dataDir: path.join(dir, 'data'), httpPrt: 1 } }),
      { httpPort, env: cleanEnv });
    const line = await assertRefused(result);
    assert.equal(line, `sockstream: ${result.configPath}: server.httpPrt is not a known setting (did you mean "httpPort"?)`);
  });

  test('a typo in a later plugin stops start-up after earlier plugins initialised, and nothing stays open', async () => {
    const chat = shipped.find((p) => p.name === 'chat');
    const hls = shipped.find((p) => p.name === 'hls');
    await assertStopsWith(
      [{ ...chat, enabled: true, config: {} }, { ...hls, enabled: true, config: { thumbnail: { widht: 320 } } }],
      'hls', 'thumbnail.widht is not a known setting (did you mean "width"?)');
  });
});
