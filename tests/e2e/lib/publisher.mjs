import { spawn } from 'node:child_process';

/**
 * Publishes a generated test pattern with a tone to an RTMP URL with ffmpeg,
 * with a keyframe every second so HLS segments are short (`keyframeFrames`
 * and `bFrames` emulate other encoders: OBS's defaults are 250 and 2). It
 * stops by itself after `seconds`; `stop()` ends it earlier by PID.
 */
export function publishTestStream(url, { seconds = 180, keyframeFrames = 30, bFrames = 0 } = {}) {
  const args = [
    '-hide_banner', '-loglevel', 'warning', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
    '-g', String(keyframeFrames), '-keyint_min', String(keyframeFrames), '-sc_threshold', '0', '-bf', String(bFrames), '-b:v', '800k',
    '-c:a', 'aac', '-b:a', '64k', '-ar', '44100',
    '-f', 'flv', url,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output = (output + d).slice(-4000); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    pid: child.pid,
    exited,
    get output() { return output; },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGINT');
      const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, 5000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
