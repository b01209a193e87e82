#pragma once

namespace sockstream::webrtc {

/// The playback protocol this plugin declares (PlaybackEndpoint::protocol).
inline constexpr const char* kWhepProtocol = "whep";
/// Where viewers POST their offer, and where their session lives.
inline constexpr const char* kWhepUrlTemplate = "/whep/{roomId}";
inline constexpr const char* kSdpMimeType = "application/sdp";

}  // namespace sockstream::webrtc
