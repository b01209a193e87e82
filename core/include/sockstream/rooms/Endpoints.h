#pragma once

#include <string>

namespace sockstream {

/// Where an encoder puts the stream key (IngestEndpoint::keyIn).
inline constexpr const char* kKeyInUrl = "url";        ///< in the URL: publishUrl has {streamKey} (RTMP, SRT)
inline constexpr const char* kKeyInBearer = "bearer";  ///< in "Authorization: Bearer <key>" (WHIP); never in a URL

/// How an encoder reaches an ingest plugin, declared by that plugin with
/// PluginContext::declareIngest(). The core shows it to room owners (the
/// stream-key answers and the owner's room JSON as `ingest[]`) and lists it in
/// GET /api/features; it never builds such a URL itself, so a port, an
/// application name or a public host changed in the plugin's config is what
/// "Prepare to stream" shows.
///
///   IngestEndpoint srt;
///   srt.protocol = "srt";
///   srt.name = "SRT";
///   srt.serverUrl = "srt://stream.example:9000";
///   srt.keyLabel = "Stream ID";
///   srt.publishUrl = "srt://stream.example:9000?streamid=publish:{streamKey}";
///   context.declareIngest(srt);
///
/// An encoder that sends the key as an HTTP Bearer token (WHIP, RFC 9725)
/// says so with keyIn; it has no publishUrl, because the key never goes in a URL:
///
///   IngestEndpoint whip;
///   whip.protocol = "whip";
///   whip.name = "WHIP (OBS 30+, browsers)";
///   whip.serverUrl = "https://stream.example/whip";
///   whip.keyLabel = "Bearer Token";   // OBS's word for the field
///   whip.keyIn = kKeyInBearer;        // publishUrl stays empty
///   context.declareIngest(whip);
struct IngestEndpoint {
    /// Lower-case token naming the wire protocol, e.g. "rtmps", "srt", "whip".
    std::string protocol;
    /// Words for the host, e.g. "SRT" or "RTMPS (TLS)".
    std::string name;
    /// What the host pastes into the encoder's server field, complete
    /// (scheme, public host, port, path), e.g. "srt://stream.example:9000".
    std::string serverUrl;
    /// What the encoder calls the field the stream key goes into, e.g. "Stream key" (OBS).
    std::string keyLabel;
    /// One URL for encoders that take only one (ffmpeg, GStreamer), with the
    /// placeholder {streamKey}; the core fills it in where it hands out the key.
    /// Empty when keyIn is kKeyInBearer.
    std::string publishUrl;
    /// kKeyInUrl (the key goes into the URL, see publishUrl) or kKeyInBearer
    /// (the encoder sends it as "Authorization: Bearer <key>" to serverUrl).
    std::string keyIn = kKeyInUrl;
};

/// How a viewer plays a room, declared by a playback plugin with
/// PluginContext::declarePlayback(). The core fills in {roomId} and lists the
/// result in every room's JSON as `playback[]`, in declaration order; players
/// take the first entry whose MIME type they can play.
///
///   PlaybackEndpoint whep;
///   whep.protocol = "whep";
///   whep.urlTemplate = "/whep/{roomId}";
///   whep.mimeType = "application/sdp";
///   whep.latency = kLatencyRealtime;
///   context.declarePlayback(whep);
struct PlaybackEndpoint {
    /// Lower-case token naming the protocol, e.g. "hls", "whep".
    std::string protocol;
    /// Where the player fetches the room: a path on this site (starting with
    /// "/") or an absolute URL; must contain {roomId}. After resolution (in
    /// Rooms::playback()) it is the room's own URL.
    std::string urlTemplate;
    /// The MIME type of what urlTemplate answers, e.g. "application/vnd.apple.mpegurl".
    std::string mimeType;
    /// kLatencyRealtime, kLatencyLow or kLatencyStandard: lets a player prefer the faster one.
    std::string latency;
    /// A still picture of the room (JPEG), with {roomId}; empty when there is none.
    std::string thumbnailUrlTemplate;
    /// Filled in by Rooms::playback() for one room from what the plugin said with
    /// Rooms::setPlaybackAvailability(): false when this protocol cannot serve
    /// that room now (e.g. WebRTC and a stream with B-frames), with words for
    /// the viewer and the host in unavailableReason. Ignored in a declaration.
    bool available = true;
    std::string unavailableReason;
};

/// Latency classes of a PlaybackEndpoint.
inline constexpr const char* kLatencyLow = "low-latency";      ///< a few seconds or less behind live
inline constexpr const char* kLatencyStandard = "standard";    ///< segment-sized delays (6-30 s)
inline constexpr const char* kLatencyRealtime = "real-time";   ///< under a second behind live (WebRTC)

}  // namespace sockstream
