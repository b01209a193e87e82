#pragma once

#include "sockstream/metrics/Metrics.h"

namespace sockstream::srt {

/// The plugin's Prometheus metrics (owned by the core, valid for the server's life).
struct SrtMetrics {
    explicit SrtMetrics(Metrics& metrics)
        : publishing(metrics.gauge("srt_publishing", "SRT connections delivering a broadcast")),
          accepted(metrics.counter("srt_connections_total", "SRT connections accepted")),
          refused(metrics.counter("srt_connections_refused_total",
                                  "SRT connections refused before any media was read (key, stream ID or limits)")),
          streamErrors(metrics.counter("srt_stream_errors_total", "SRT connections closed for unusable MPEG-TS")),
          mediaBytes(metrics.counter("srt_media_bytes_total", "Audio and video payload bytes pushed to the media bus")) {}

    Gauge& publishing;
    Counter& accepted;
    Counter& refused;
    Counter& streamErrors;
    Counter& mediaBytes;
};

}  // namespace sockstream::srt
