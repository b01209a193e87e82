// The frame counter that bench/start and the e2e tests burn into the picture
// (20 black/white blocks of 32 px along the top-left, ffmpeg `geq` on the
// frame number) and read back from whatever <video> a page shows.

/** ffmpeg filter graph: testsrc2 of `size` at 30 fps with the counter overlaid (one video output). */
export function counterGraph(size) {
  const counter = "nullsrc=size=640x40:rate=30,format=gray,geq=lum='if(mod(floor(N/pow(2,floor(X/32))),2),235,16)',format=yuv420p[bits]";
  return `testsrc2=size=${size}:rate=30[base];${counter};[base][bits]overlay=0:0:eof_action=endall,format=yuv420p`;
}

/**
 * For page.addInitScript, so it runs before the page's own scripts: finds the
 * page's <video> (the app's Player renders one) and records every presented
 * frame in `window.framesShown`: `frames` as [wall-clock ms, counter] and
 * `firstFrame` { at, n, way } (`way`: "webrtc" for a MediaStream, else "hls").
 */
export function recordPresentedFrames() {
  const seen = { frames: [], firstFrame: null };
  window.framesShown = seen;
  const hook = () => {
    const video = document.querySelector('video');
    if (!video) { setTimeout(hook, 10); return; }
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 40;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const onFrame = (now, meta) => {
      const shownAt = performance.timeOrigin + (meta.expectedDisplayTime || now);
      g.drawImage(video, 0, 0, 640, 40, 0, 0, 640, 40);
      const pixels = g.getImageData(0, 0, 640, 40).data;
      let n = 0;
      for (let bit = 0; bit < 20; bit += 1) if (pixels[(20 * 640 + bit * 32 + 16) * 4] > 128) n += 2 ** bit;
      if (!seen.firstFrame) seen.firstFrame = { at: shownAt, n, way: video.srcObject ? 'webrtc' : 'hls' };
      seen.frames.push([shownAt, n]);
      if (seen.frames.length > 4000) seen.frames.splice(0, 1000);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  hook();
}
