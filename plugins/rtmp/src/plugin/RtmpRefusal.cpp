#include "RtmpRefusal.h"

namespace sockstream::rtmp {

namespace {
constexpr const char* kBadName = "NetStream.Publish.BadName";
constexpr const char* kFailed = "NetStream.Publish.Failed";
}  // namespace

RtmpRefusal rtmpRefusal(PublishRefusal refusal) {
    switch (refusal) {
        case PublishRefusal::UnknownKey:
            return {kBadName, "Stream key not recognised: copy it again from \"Prepare to stream\"."};
        case PublishRefusal::RoomGone:
            return {kBadName, "The room of this stream key no longer exists."};
        case PublishRefusal::Revoked:
            return {kBadName, "This stream key was replaced or cut off: use the room's current key."};
        case PublishRefusal::Spent:
            return {kBadName, "This stream key belonged to a broadcast that has ended: get a new key."};
        case PublishRefusal::Expired:
            return {kBadName, "This stream key has expired: get a new key."};
        case PublishRefusal::GraceExpired:
            return {kBadName, "Too late to resume this broadcast: get a new key."};
        case PublishRefusal::LiveElsewhere:
            return {kBadName, "The room is already live on another server."};
        case PublishRefusal::RoomBusy:
            return {kBadName, "The room is already live: another encoder is publishing to it."};
        case PublishRefusal::Retry:
            return {kFailed, "The stream key changed while it was being checked: try again."};
        case PublishRefusal::CheckFailed:
            return {kFailed, "The stream key could not be checked: try again later."};
        case PublishRefusal::None:
            break;
    }
    return {kFailed, "Publishing was refused."};
}

}  // namespace sockstream::rtmp
