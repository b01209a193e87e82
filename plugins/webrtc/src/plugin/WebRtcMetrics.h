#pragma once

#include "sockstream/metrics/Metrics.h"

namespace sockstream::webrtc {

/// The plugin's RTCP feedback counters in Prometheus (owned by the core, valid
/// for the server's life): how much loss viewers reported and we repaired, and
/// how often we asked WHIP publishers to repair theirs.
struct WebRtcMetrics {
    explicit WebRtcMetrics(Metrics& metrics)
        : nacksReceived(metrics.counter("webrtc_nacked_packets_total",
                                        "Video packets WHEP viewers asked for again (RTCP generic NACK)")),
          retransmitted(metrics.counter("webrtc_retransmitted_packets_total",
                                        "Video packets sent again from the retransmission history")),
          keyframeRequestsReceived(metrics.counter("webrtc_keyframe_requests_total",
                                                   "PLI and FIR received from WHEP viewers")),
          keyframeResends(metrics.counter("webrtc_keyframe_resends_total",
                                          "Cached keyframe groups sent again to a viewer after a PLI or FIR")),
          publisherNacks(metrics.counter("webrtc_whip_nacked_packets_total",
                                         "Packets WHIP publishers were asked to send again (RTCP generic NACK)")),
          publisherKeyframeRequests(metrics.counter("webrtc_whip_keyframe_requests_total",
                                                    "PLIs sent to WHIP publishers (after a loss, or for a new segment)")),
          publisherLost(metrics.counter("webrtc_whip_lost_packets_total",
                                        "Video packets of WHIP publishers given up on (not retransmitted in time)")) {}

    Counter& nacksReceived;
    Counter& retransmitted;
    Counter& keyframeRequestsReceived;
    Counter& keyframeResends;
    Counter& publisherNacks;
    Counter& publisherKeyframeRequests;
    Counter& publisherLost;
};

}  // namespace sockstream::webrtc
