#include "rooms/StreamHealthReport.h"

#include <cmath>
#include <cstdio>

#include "util/Text.h"

namespace sockstream::core {

namespace {
constexpr double kMaxKeyframeIntervalSeconds = 2.0;

std::int64_t millisOf(std::chrono::system_clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

double rounded(double value, double step) { return std::round(value / step) * step; }
}  // namespace

std::vector<HealthWarning> healthWarnings(const std::optional<IngestHealth>& ingest) {
    std::vector<HealthWarning> warnings;
    if (!ingest || !ingest->hasVideo) return warnings;
    if (ingest->keyframeIntervalSeconds > kMaxKeyframeIntervalSeconds) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", ingest->keyframeIntervalSeconds);
        // OBS's Simple output mode has no keyframe setting at all, and its default
        // ("0", auto) gives x264's 250 frames: about 8 s at 30 fps.
        warnings.push_back(
            {"keyframe_interval",
             std::string("Your encoder sends a keyframe every ") + seconds +
                 " s, so viewers wait that long for the first picture and sit further behind live. "
                 "Set a keyframe interval of 1 s (at most 2 s). "
                 "In OBS (Advanced output mode): Settings → Output → Streaming tab → Keyframe Interval: 1 s → Apply. "
                 "In OBS's Simple output mode there is no keyframe setting: Settings → Output → Output Mode: Advanced, "
                 "then Streaming tab → Keyframe Interval: 1 s → Apply (check Encoder and Bitrate on that tab too: "
                 "Advanced mode keeps its own values). "
                 "OBS's default 0 means automatic, about 8 s."});
    }
    return warnings;
}

Poco::JSON::Object::Ptr healthJson(const StreamHealthReport& report, std::int64_t nowMillis) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("state", broadcastStateName(report.state));
    json->set("keyState", report.keyState);
    Poco::JSON::Object::Ptr ingestJson = new Poco::JSON::Object;
    std::int64_t uptime = 0;
    if (report.ingest) {
        const IngestHealth& ingest = *report.ingest;
        json->set("broadcastId", ingest.broadcastId);
        std::int64_t started = millisOf(ingest.startedAt);
        json->set("startedAt", formatIsoTime(started));
        uptime = std::max<std::int64_t>(0, (nowMillis - started) / 1000);
        if (!ingest.ingest.empty()) ingestJson->set("protocol", ingest.ingest);
        if (!ingest.encoder.empty()) ingestJson->set("encoder", ingest.encoder);
    }
    json->set("uptimeSeconds", uptime);
    json->set("ingest", ingestJson);
    json->set("bitrateKbps", report.ingest ? report.ingest->bitrateKbps : 0);
    if (report.ingest && report.ingest->hasVideo) {
        Poco::JSON::Object::Ptr video = new Poco::JSON::Object;
        video->set("codec", report.ingest->videoCodec);
        video->set("width", report.ingest->width);
        video->set("height", report.ingest->height);
        video->set("frameRate", rounded(report.ingest->frameRate, 0.01));
        video->set("keyframeIntervalSeconds", rounded(report.ingest->keyframeIntervalSeconds, 0.001));
        video->set("bFrames", report.ingest->bFrames);
        json->set("video", video);
    } else {
        json->set("video", Poco::Dynamic::Var());
    }
    if (report.ingest && report.ingest->hasAudio) {
        Poco::JSON::Object::Ptr audio = new Poco::JSON::Object;
        audio->set("codec", report.ingest->audioCodec);
        audio->set("sampleRate", report.ingest->sampleRate);
        audio->set("channels", report.ingest->channels);
        json->set("audio", audio);
    } else {
        json->set("audio", Poco::Dynamic::Var());
    }
    json->set("droppedFrames", report.ingest ? report.ingest->droppedFrames : 0);
    json->set("lateFrames", report.ingest ? report.ingest->lateFrames : 0);
    json->set("viewers", report.viewers);
    Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
    for (const auto& warning : report.warnings) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("code", warning.code);
        item->set("message", warning.message);
        warnings->add(item);
    }
    json->set("warnings", warnings);
    return json;
}

}  // namespace sockstream::core
