#include "WhipRefusal.h"

namespace sockstream::webrtc {

HttpResponse whipRefusal(PublishRefusal refusal) {
    const std::string code = publishRefusalName(refusal);
    switch (refusal) {
        case PublishRefusal::UnknownKey: {
            auto response = HttpResponse::error(
                401, code, "stream key not recognised: copy it again from \"My room\" (it goes in the Bearer token)");
            response.setHeader("WWW-Authenticate", "Bearer");
            return response;
        }
        case PublishRefusal::RoomGone: return HttpResponse::error(404, code, "the room of this stream key no longer exists");
        case PublishRefusal::Revoked:
            return HttpResponse::error(403, code, "this stream key was replaced or cut off: use the room's current key");
        case PublishRefusal::Spent:
            return HttpResponse::error(403, code, "this stream key belonged to a broadcast that has ended: make a new key");
        case PublishRefusal::Expired: return HttpResponse::error(403, code, "this stream key has expired: make a new key");
        case PublishRefusal::GraceExpired:
            return HttpResponse::error(403, code, "too late to resume this broadcast: make a new key");
        case PublishRefusal::LiveElsewhere:
            return HttpResponse::error(409, code, "the room is already live on another server");
        case PublishRefusal::RoomBusy:
            return HttpResponse::error(409, code, "the room is already live: another encoder is publishing to it");
        case PublishRefusal::Retry: {
            auto response = HttpResponse::error(503, code, "the stream key changed while it was being checked: try again");
            response.setHeader("Retry-After", "1");
            return response;
        }
        case PublishRefusal::CheckFailed:
            return HttpResponse::error(500, code, "the stream key could not be checked: try again later");
        case PublishRefusal::None: break;
    }
    return HttpResponse::error(403, "refused", "publishing was refused");
}

}  // namespace sockstream::webrtc
