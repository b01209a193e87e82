#pragma once

#include <string>

#include "sockstream/rooms/StreamKeys.h"

namespace sockstream::srt {

/// How SRT says no: a reject reason from SRT's access-control range
/// (SRT_REJX_*, which encoders show as a number, e.g. ffmpeg's
/// "Connection rejected") and the words the server logs with it.
struct SrtRefusal {
    int rejectReason = 0;
    std::string words;
};

/// The SRT wording of the core's refusal: an unknown key is 1401 (unauthorized),
/// a key that no longer works 1403 (forbidden), a gone room 1404, a busy room
/// 1409 (conflict), a check to retry 1503 and a failed check 1500.
SrtRefusal srtRefusal(PublishRefusal refusal);

}  // namespace sockstream::srt
