// SDP offer parser and answer writer: arbitrary text parses or throws
// WebRtcError; an offer that parses is answered or refused in words.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "SdpAnswer.h"
#include "SdpParser.h"
#include "WebRtcError.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto offer = parseSdpOffer(text);
        for (const auto& media : offer.media)
            for (const auto& codec : media.codecs) (void)codec.fmtpParameter("profile-level-id");
        AnswerParameters parameters;
        parameters.iceUfrag = "fuzz";
        parameters.icePassword = "fuzz-password-0123456789";
        parameters.fingerprintSha256 = "00:11";
        parameters.candidateAddress = "127.0.0.1";
        parameters.candidatePort = 9;
        parameters.h264ProfileIdc = 0x64;
        (void)writeSdpAnswer(offer, parameters);
    } catch (const WebRtcError&) {
    }
    return 0;
}
