#pragma once

#include <string>

#include "sockstream/http/HttpResponse.h"
#include "sockstream/rooms/StreamKeys.h"

namespace sockstream::webrtc {

/// The core's refusal of a stream key as WHIP's HTTP answer (RFC 9725 section
/// 4.5: 401 for a token that is not valid), in words a host can act on.
HttpResponse whipRefusal(PublishRefusal refusal);

}  // namespace sockstream::webrtc
