// RFC 4571 reader (ICE-TCP): arbitrary bytes, fed in pieces whose sizes come
// from the input, give the same frames as when fed at once; no frame is
// empty or longer than the limit, and the reader never holds more than a frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "Rfc4571Framing.h"

using namespace sockstream::webrtc;

namespace {
constexpr std::size_t kMaxFrame = 1500;

std::pair<std::vector<std::string>, Rfc4571Reader::Status> readAll(std::string_view bytes, std::size_t step) {
    Rfc4571Reader reader(kMaxFrame);
    std::vector<std::string> frames;
    Rfc4571Reader::Status status = Rfc4571Reader::Status::Ok;
    const auto collect = [&frames](std::string_view frame) {
        if (frame.empty() || frame.size() > kMaxFrame) std::abort();
        frames.emplace_back(frame);
    };
    for (std::size_t at = 0; at < bytes.size(); at += step) {
        status = reader.feed(bytes.substr(at, step), collect);
        if (reader.pending() > kMaxFrame + 2) std::abort();
    }
    return {std::move(frames), status};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks how the rest is cut into reads.
    const std::size_t step = 1 + data[0] % 97;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto whole = readAll(bytes, bytes.size() + 1);
    const auto pieces = readAll(bytes, step);
    if (whole.first != pieces.first || whole.second != pieces.second) std::abort();
    // Framing what came out and reading it again gives the same frames.
    std::string again;
    for (const auto& frame : whole.first) appendRfc4571Frame(again, frame);
    if (readAll(again, step).first != whole.first) std::abort();
    return 0;
}
