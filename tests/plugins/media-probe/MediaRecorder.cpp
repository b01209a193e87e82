#include "MediaRecorder.h"

#include <Poco/JSON/Array.h>

namespace sockstream::test {

namespace {

// True when 4-byte length-prefixed NAL units exactly fill the payload.
bool wellFramed(const std::string& data) {
    std::size_t offset = 0;
    while (offset < data.size()) {
        if (data.size() - offset < 4) return false;
        const auto* p = reinterpret_cast<const unsigned char*>(data.data() + offset);
        const std::size_t length = (std::size_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
        offset += 4;
        if (length == 0 || length > data.size() - offset) return false;
        offset += length;
    }
    return !data.empty();
}

}  // namespace

void MediaRecorder::onStreamOpened(const StreamInfo& info, bool resumed) {
    std::lock_guard lock(_mutex);
    auto& room = _rooms[info.roomId];
    ++room.opened;
    if (resumed) ++room.resumedCount;
    room.live = true;
    room.broadcastId = info.broadcastId;
    room.encoder = info.encoder;
    room.tracks = info.tracks;
}

void MediaRecorder::onTracksChanged(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    auto& room = _rooms[info.roomId];
    ++room.tracksChanged;
    room.tracks = info.tracks;
}

void MediaRecorder::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    std::lock_guard lock(_mutex);
    auto& room = _rooms[info.roomId];
    auto& stats = room.packets[packet.trackId];
    const std::int64_t dts = packet.dts.milliseconds();  // the report speaks milliseconds
    if (stats.count == 0) stats.firstDts = dts;
    else if (dts < stats.lastDts) ++stats.nonMonotonic;
    stats.lastDts = dts;
    ++stats.count;
    if (packet.keyframe) ++stats.keyframes;
    if (packet.pts < packet.dts) ++stats.ptsBeforeDts;
    if (packet.data) stats.bytes += static_cast<std::int64_t>(packet.data->size());
    const TrackInfo* track = info.track(packet.trackId);
    if (track && (track->codec == Codec::H264 || track->codec == Codec::HEVC) &&
        (!packet.data || !wellFramed(*packet.data)))
        ++stats.badNalFraming;
}

void MediaRecorder::onStreamInterrupted(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    auto& room = _rooms[info.roomId];
    ++room.interrupted;
    room.live = false;
}

void MediaRecorder::onStreamClosed(const StreamInfo& info) {
    std::lock_guard lock(_mutex);
    auto& room = _rooms[info.roomId];
    ++room.closed;
    room.live = false;
}

std::vector<std::string> MediaRecorder::rooms() const {
    std::lock_guard lock(_mutex);
    std::vector<std::string> ids;
    for (const auto& [id, record] : _rooms) ids.push_back(id);
    return ids;
}

Poco::JSON::Object::Ptr MediaRecorder::report(const std::string& roomId) const {
    std::lock_guard lock(_mutex);
    auto it = _rooms.find(roomId);
    if (it == _rooms.end()) return nullptr;
    const RoomRecord& room = it->second;
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("opened", room.opened);
    out->set("resumedCount", room.resumedCount);
    out->set("closed", room.closed);
    out->set("interrupted", room.interrupted);
    out->set("tracksChanged", room.tracksChanged);
    out->set("live", room.live);
    out->set("broadcastId", room.broadcastId);
    out->set("encoder", room.encoder);
    Poco::JSON::Array::Ptr tracks = new Poco::JSON::Array;
    for (const auto& track : room.tracks) {
        Poco::JSON::Object::Ptr t = new Poco::JSON::Object;
        t->set("id", track.id);
        t->set("kind", track.kind == MediaKind::Video ? "video" : "audio");
        t->set("codec", std::string(codecName(track.codec)));
        t->set("codecConfigBytes", static_cast<int>(track.codecConfig.size()));
        t->set("width", track.width);
        t->set("height", track.height);
        t->set("frameRate", track.frameRate);
        t->set("sampleRate", track.sampleRate);
        t->set("channels", track.channels);
        tracks->add(t);
    }
    out->set("tracks", tracks);
    Poco::JSON::Object::Ptr packets = new Poco::JSON::Object;
    for (const auto& [trackId, stats] : room.packets) {
        Poco::JSON::Object::Ptr s = new Poco::JSON::Object;
        s->set("count", stats.count);
        s->set("keyframes", stats.keyframes);
        s->set("firstDts", stats.firstDts);
        s->set("lastDts", stats.lastDts);
        s->set("nonMonotonic", stats.nonMonotonic);
        s->set("ptsBeforeDts", stats.ptsBeforeDts);
        s->set("badNalFraming", stats.badNalFraming);
        s->set("bytes", stats.bytes);
        packets->set(std::to_string(trackId), s);
    }
    out->set("packets", packets);
    return out;
}

}  // namespace sockstream::test
