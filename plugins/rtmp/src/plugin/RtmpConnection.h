#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "../protocol/RtmpSession.h"
#include "../protocol/SessionEvents.h"
#include "BroadcastTimelines.h"
#include "RtmpConfig.h"
#include "RtmpMetrics.h"
#include "sockstream/SockStream.h"

namespace sockstream::rtmp {

/// One accepted RTMP(S) connection: feeds its bytes to an RtmpSession, checks
/// the stream key with the core and forwards the broadcast to the media bus.
class RtmpConnection : public StreamHandler,
                       public SessionEvents,
                       public std::enable_shared_from_this<RtmpConnection> {
public:
    RtmpConnection(PluginContext& context, const RtmpConfig& config, RtmpMetrics& metrics,
                   BroadcastTimelines& timelines);

    void onOpen(std::shared_ptr<StreamConnection> connection) override;
    void onData(const std::uint8_t* data, std::size_t size) override;
    void onClose() override;

    void sendBytes(std::string bytes) override;
    void publishRequested(const std::string& streamKey) override;
    void openStream(std::vector<TrackInfo> tracks, const std::string& encoder) override;
    void updateTracks(std::vector<TrackInfo> tracks) override;
    void pushPacket(const MediaPacket& packet) override;
    void unpublished() override;
    void closeRequested(const std::string& why) override;

private:
    void applyDecision(const PublishDecision& decision);
    void closeForError(const std::string& why);
    void onHandshakeDeadline();
    std::string describe() const;

    PluginContext& _context;
    const RtmpConfig& _config;
    RtmpMetrics& _metrics;
    BroadcastTimelines& _timelines;
    BroadcastTimelines::Timeline _timeline;
    Poco::Logger& _logger;
    std::mutex _mutex;
    RtmpSession _session;
    std::shared_ptr<StreamConnection> _connection;
    std::string _remote;
    std::shared_ptr<TimerHandle> _deadline;
    PublishGrant _grant;
    std::unique_ptr<MediaPublisher> _publisher;
    bool _finished = false;
    bool _counted = false;
    bool _publishingCounted = false;
    bool _closed = false;
    std::atomic<bool> _superseded{false};
};

}  // namespace sockstream::rtmp
