import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import StreamHealth from './StreamHealth.jsx';
import { FakeSocket, mockFetch } from '../test/helpers.jsx';

// OBS's defaults as the server would report them: 8.3 s keyframes, B-frames.
const obsDefaults = {
  state: 'live', broadcastId: 'b1', startedAt: '2026-12-03T09:00:00Z', uptimeSeconds: 3723,
  ingest: { protocol: 'rtmp' }, bitrateKbps: 2480.4,
  video: { codec: 'h264', width: 1280, height: 720, frameRate: 30, keyframeIntervalSeconds: 8.33, bFrames: true },
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
  droppedFrames: 3, lateFrames: 1, viewers: 12,
  warnings: [{ code: 'keyframe_interval', message: 'Keyframes arrive every 8.3 s.\nOBS Simple mode: …\nOBS Advanced mode: Keyframe Interval 1 s.' }],
};

const row = (name) => document.querySelector(`[data-health="${name}"] dd`);

function serve(health) {
  return mockFetch((method, path) => (path === '/api/rooms/r1/health' ? { body: { health } } : undefined));
}

describe('StreamHealth', () => {
  it('paints from GET /health first: state, uptime, bitrate, resolution, frame rate, codecs, keyframes, B-frames, frames, viewers', async () => {
    serve(obsDefaults);
    render(<StreamHealth roomId="r1" socket={null} roomState="live" />);
    await waitFor(() => expect(row('bitrate')).toHaveTextContent('2,480 kbps'));
    expect(row('state')).toHaveTextContent('Live');
    expect(row('uptime')).toHaveTextContent('1:02:03');
    expect(row('resolution')).toHaveTextContent('1280×720');
    expect(row('frame-rate')).toHaveTextContent('30 fps');
    expect(row('codecs')).toHaveTextContent('h264 · aac 48 kHz stereo');
    expect(row('keyframe-interval')).toHaveTextContent('8.3 s');
    expect(row('b-frames')).toHaveTextContent('Yes');
    expect(row('dropped-frames')).toHaveTextContent('3');
    expect(row('late-frames')).toHaveTextContent('1');
    expect(row('viewers')).toHaveTextContent('12');
    expect(row('ingest')).toHaveTextContent('RTMP');
    const warnings = screen.getByRole('list', { name: 'Stream warnings' });
    expect(within(warnings).getByText(/Keyframes arrive every 8.3 s/)).toBeInTheDocument();
  });

  it('joins the room over the socket and follows room:health pushes for its room only', async () => {
    serve({ ...obsDefaults, state: 'offline', video: null, audio: null, warnings: [], uptimeSeconds: 0, viewers: 0 });
    const socket = new FakeSocket();
    socket.answer('room:join', { room: { id: 'r1' }, live: false, viewers: 0, history: [] });
    const view = render(<StreamHealth roomId="r1" socket={socket} roomState="offline" />);
    await waitFor(() => expect(row('state')).toHaveTextContent('Waiting for encoder'));
    expect(socket.emitted).toContainEqual({ event: 'room:join', payload: { roomId: 'r1' } });
    expect(row('bitrate')).toHaveTextContent('–');

    act(() => socket.serverEmit('room:health', { roomId: 'r1', health: { ...obsDefaults, video: { ...obsDefaults.video, keyframeIntervalSeconds: 1, bFrames: false }, warnings: [] } }));
    expect(row('state')).toHaveTextContent('Live');
    expect(row('keyframe-interval')).toHaveTextContent('1.0 s');
    act(() => socket.serverEmit('room:health', { roomId: 'r1', health: { ...obsDefaults, video: { ...obsDefaults.video, keyframeIntervalSeconds: 0 }, warnings: [] } }));
    expect(row('keyframe-interval')).toHaveTextContent('–');
    act(() => socket.serverEmit('room:health', { roomId: 'r1', health: { ...obsDefaults, video: { ...obsDefaults.video, keyframeIntervalSeconds: 1, bFrames: false }, warnings: [] } }));
    expect(row('b-frames')).toHaveTextContent('No');
    expect(screen.queryByRole('list', { name: 'Stream warnings' })).toBeNull();

    act(() => socket.serverEmit('room:health', { roomId: 'other', health: { ...obsDefaults, bitrateKbps: 1 } }));
    expect(row('bitrate')).toHaveTextContent('2,480 kbps');

    act(() => socket.serverEmit('room:health', { roomId: 'r1', health: { ...obsDefaults, state: 'reconnecting' } }));
    expect(row('state')).toHaveTextContent('Reconnecting');

    view.unmount();
    expect(socket.emitted.at(-1)).toEqual({ event: 'room:leave', payload: { roomId: 'r1' } });
    expect(socket.listenerCount('room:health')).toBe(0);
  });

  it('says "Ended" once a broadcast it saw is over', async () => {
    serve({ ...obsDefaults, state: 'offline', video: null, audio: null, warnings: [] });
    const { rerender } = render(<StreamHealth roomId="r1" socket={null} roomState="live" />);
    rerender(<StreamHealth roomId="r1" socket={null} roomState="offline" />);
    await waitFor(() => expect(row('state')).toHaveTextContent('Ended'));
  });

  it('warns about long keyframe intervals with the OBS steps for both output modes when the server gave no words', async () => {
    serve({ ...obsDefaults, warnings: [] });
    render(<StreamHealth roomId="r1" socket={null} roomState="live" />);
    await waitFor(() => expect(row('keyframe-interval')).toHaveTextContent('8.3 s'));
    const advice = document.querySelector('[data-warning="keyframe_interval"]');
    expect(advice).toHaveTextContent(/Simple output mode/);
    expect(advice).toHaveTextContent(/Advanced output mode/);
  });

  it('says so when the server does not report health', async () => {
    mockFetch(() => undefined);
    render(<StreamHealth roomId="r1" socket={null} roomState="offline" />);
    expect(await screen.findByText('This server does not report stream health.')).toBeInTheDocument();
  });

  it('tells the host why real-time (WebRTC) playback is off, in the words of the server, with the OBS steps', async () => {
    serve(obsDefaults);
    const reason = 'this stream has B-frames, which WebRTC cannot play. In OBS, Settings > Output: type bframes=0 into "x264 Options"';
    const playback = [
      { protocol: 'hls', latency: 'low-latency', available: true },
      { protocol: 'whep', latency: 'real-time', available: false, unavailableReason: reason },
    ];
    render(<StreamHealth roomId="r1" socket={null} roomState="live" playback={playback} />);
    const notice = await waitFor(() => {
      const found = document.querySelector('[data-warning="whep_unavailable"]');
      expect(found).not.toBeNull();
      return found;
    });
    expect(notice).toHaveTextContent('Real-time playback is off for this stream: this stream has B-frames');
    expect(notice).toHaveTextContent('bframes=0');
    expect(document.querySelector('[data-warning="hls_unavailable"]')).toBeNull();
  });
});
