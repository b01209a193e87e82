// STUN parser: arbitrary bytes parse or are refused; what parses answers every
// accessor and the integrity/fingerprint checks without reading out of bounds,
// and a message rebuilt from its attributes parses again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "StunMessage.h"
#include "StunWriter.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto message = StunMessage::parse(bytes);
    if (!message) return 0;
    (void)message->username();
    (void)message->priority();
    (void)message->iceControlling();
    (void)message->iceControlled();
    (void)message->xorMappedAddress();
    (void)message->verifyIntegrity("key");
    (void)message->verifyFingerprint();
    StunWriter writer(message->type(), message->transactionId());
    std::size_t copied = 0;
    for (const auto& attribute : message->attributes()) {
        if (attribute.type == stun::kMessageIntegrity || attribute.type == stun::kFingerprint) continue;
        writer.attribute(attribute.type, attribute.value);
        ++copied;
    }
    const auto rebuilt = writer.finish("key");
    const auto again = StunMessage::parse(rebuilt);
    // Two more attributes (integrity, fingerprint) must still fit the limits.
    if (rebuilt.size() <= 1500 && copied + 2 <= 32 && (!again || !again->verifyIntegrity("key") || !again->verifyFingerprint()))
        std::abort();
    return 0;
}
