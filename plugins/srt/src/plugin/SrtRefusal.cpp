#include "SrtRefusal.h"

#include <srt/access_control.h>

namespace sockstream::srt {

SrtRefusal srtRefusal(PublishRefusal refusal) {
    switch (refusal) {
        case PublishRefusal::UnknownKey:
            return {SRT_REJX_UNAUTHORIZED, "stream key not recognised: copy it again from \"Prepare to stream\""};
        case PublishRefusal::RoomGone:
            return {SRT_REJX_NOTFOUND, "the room of this stream key no longer exists"};
        case PublishRefusal::Revoked:
            return {SRT_REJX_FORBIDDEN, "this stream key was replaced or cut off: use the room's current key"};
        case PublishRefusal::Spent:
            return {SRT_REJX_FORBIDDEN, "this stream key belonged to a broadcast that has ended: get a new key"};
        case PublishRefusal::Expired:
            return {SRT_REJX_FORBIDDEN, "this stream key has expired: get a new key"};
        case PublishRefusal::GraceExpired:
            return {SRT_REJX_FORBIDDEN, "too late to resume this broadcast: get a new key"};
        case PublishRefusal::LiveElsewhere:
            return {SRT_REJX_CONFLICT, "the room is already live on another server"};
        case PublishRefusal::RoomBusy:
            return {SRT_REJX_CONFLICT, "the room is already live: another encoder is publishing to it"};
        case PublishRefusal::Retry:
            return {SRT_REJX_DOWN, "the stream key changed while it was being checked: try again"};
        case PublishRefusal::CheckFailed:
            return {SRT_REJX_ISE, "the stream key could not be checked: try again later"};
        case PublishRefusal::None:
            break;
    }
    return {SRT_REJX_FALLBACK, "publishing was refused"};
}

}  // namespace sockstream::srt
