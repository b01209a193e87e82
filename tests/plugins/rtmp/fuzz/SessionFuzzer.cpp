// A whole server session (handshake, chunks, commands, FLV tags) fed with
// arbitrary bytes after a valid handshake; every publish is accepted.
#include <cstddef>
#include <cstdint>
#include <string>

#include "RtmpError.h"
#include "RtmpSession.h"

using namespace sockstream::rtmp;

namespace {
class AcceptAll : public SessionEvents {
public:
    RtmpSession* session = nullptr;
    void sendBytes(std::string) override {}
    void publishRequested(const std::string&) override { accept = true; }
    void openStream(std::vector<sockstream::TrackInfo>, const std::string&) override {}
    void updateTracks(std::vector<sockstream::TrackInfo>) override {}
    void pushPacket(const sockstream::MediaPacket&) override {}
    void unpublished() override {}
    void closeRequested(const std::string&) override {}
    bool accept = false;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RtmpLimits limits;
    limits.maxMessageSize = 1u << 20;
    AcceptAll events;
    RtmpSession session(limits, "live", events);
    std::string handshake(1 + 1536 * 2, '\0');
    handshake[0] = 3;
    try {
        session.feed(reinterpret_cast<const std::uint8_t*>(handshake.data()), handshake.size());
        // Feed in two halves so partial-chunk paths run too.
        const std::size_t half = size / 2;
        session.feed(data, half);
        if (events.accept) { events.accept = false; session.acceptPublish(); }
        session.feed(data + half, size - half);
        if (events.accept) session.acceptPublish();
    } catch (const RtmpError&) {
    }
    return 0;
}
