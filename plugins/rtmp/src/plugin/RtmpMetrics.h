#pragma once

#include "sockstream/metrics/Metrics.h"

namespace sockstream::rtmp {

/// The plugin's Prometheus metrics (owned by the core, valid for the server's life).
struct RtmpMetrics {
    explicit RtmpMetrics(Metrics& metrics)
        : connections(metrics.gauge("rtmp_connections", "Open RTMP/RTMPS connections")),
          publishing(metrics.gauge("rtmp_publishing", "RTMP connections delivering a broadcast")),
          accepted(metrics.counter("rtmp_connections_total", "RTMP/RTMPS connections accepted")),
          protocolErrors(metrics.counter("rtmp_protocol_errors_total", "Connections closed for malformed input or limits")),
          refused(metrics.counter("rtmp_publish_refused_total", "Publish attempts refused by the stream-key check")),
          mediaBytes(metrics.counter("rtmp_media_bytes_total", "Audio and video payload bytes pushed to the media bus")) {}

    Gauge& connections;
    Gauge& publishing;
    Counter& accepted;
    Counter& protocolErrors;
    Counter& refused;
    Counter& mediaBytes;
};

}  // namespace sockstream::rtmp
