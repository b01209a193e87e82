#include "HlsObserver.h"

namespace sockstream::hls {

HlsObserver::HlsObserver(StreamRegistry& registry, const HlsConfig& config, Scheduler& scheduler, Poco::Logger& logger,
                         std::shared_ptr<WriteThrough> writeThrough)
    : _registry(registry), _config(config), _scheduler(scheduler), _logger(logger), _writeThrough(std::move(writeThrough)) {}

std::shared_ptr<LiveStream> HlsObserver::current(const StreamInfo& info) const {
    auto stream = _registry.find(info.roomId);
    if (!stream || stream->broadcastId() != info.broadcastId) return nullptr;
    return stream;
}

void HlsObserver::onStreamOpened(const StreamInfo& info, bool resumed) {
    if (resumed) {
        if (auto stream = current(info); stream && !stream->ended()) {
            // Same broadcast, new encoder connection: the playlist continues after a discontinuity.
            stream->interrupt();
            stream->setTracks(info.tracks);
            return;
        }
    }
    _registry.put(std::make_shared<LiveStream>(info, _config, _scheduler, _logger, _writeThrough));
}

void HlsObserver::onTracksChanged(const StreamInfo& info) {
    if (auto stream = current(info)) stream->setTracks(info.tracks);
}

void HlsObserver::onPacket(const StreamInfo& info, const MediaPacket& packet) {
    if (auto stream = current(info)) stream->push(packet);
}

void HlsObserver::onStreamInterrupted(const StreamInfo& info) {
    if (auto stream = current(info)) stream->interrupt();
}

void HlsObserver::onStreamClosed(const StreamInfo& info) {
    if (auto stream = current(info)) stream->close();
}

}  // namespace sockstream::hls
