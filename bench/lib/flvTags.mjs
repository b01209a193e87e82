// Reads an FLV byte stream (ffmpeg's `-f flv` copy of what an encoder pushes)
// and calls back for each video tag with the wall clock at which it arrived:
// the benchmarks' "pushed at" clock for latency figures.

/**
 * Calls `onVideoTag({ timestamp, compositionTime, keyframe, avcNalu, receivedAt })`
 * for every video tag read from `stream`. `timestamp` is the tag's (decode)
 * time in ms; `compositionTime` is the AVC composition offset (0 for other tags).
 */
export function onFlvVideoTags(stream, onVideoTag) {
  let buffer = Buffer.alloc(0);
  let headerDone = false;
  stream.on('data', (chunk) => {
    const receivedAt = Date.now();
    buffer = Buffer.concat([buffer, chunk]);
    if (!headerDone) {
      if (buffer.length < 13) return;
      buffer = buffer.subarray(buffer.readUInt32BE(5) + 4);
      headerDone = true;
    }
    while (buffer.length >= 11) {
      const size = buffer.readUIntBE(1, 3);
      if (buffer.length < 11 + size + 4) break;
      if (buffer[0] === 9) {
        const timestamp = buffer.readUIntBE(4, 3) | (buffer[7] << 24);
        // AVC video tag: frame type, packet type (1 = NALUs), composition time (SI24).
        const avcNalu = size >= 5 && buffer[12] === 1;
        onVideoTag({
          timestamp,
          compositionTime: avcNalu ? buffer.readIntBE(13, 3) : 0,
          keyframe: (buffer[11] >> 4) === 1,
          avcNalu,
          receivedAt,
        });
      }
      buffer = buffer.subarray(11 + size + 4);
    }
  });
}
