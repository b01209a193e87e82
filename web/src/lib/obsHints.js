// What to change in OBS Studio, in OBS's own words, for both output modes:
// the default Simple mode shows no keyframe field at all, so naming only
// "Settings → Output" sends people looking for a setting they cannot see.
export const keyframeAdvice = {
  why: 'Send a keyframe every 1–2 seconds: viewers start watching sooner and stay closer to live.',
  simple: 'Simple output mode (OBS\'s default) has no keyframe field. With the x264 encoder: Settings → Output → Streaming, tick "Enable Advanced Encoder Settings" and type keyint=60 into "Custom Encoder Settings" (twice your frame rate: 60 at 30 fps). With any encoder: switch Output Mode to Advanced and follow the next step.',
  advanced: 'Advanced output mode: Settings → Output → Streaming tab, set "Keyframe Interval" to 1 s (2 s at most).',
};

export const bFramesAdvice = 'B-frames add delay. With x264 in Advanced output mode, type bframes=0 into "x264 Options"; in Simple mode, add bframes=0 to "Custom Encoder Settings".';
