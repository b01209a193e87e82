#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockstream::recordings {

/// Recording ids are 20 lower-case hex digits (80 random bits). They name a
/// folder on disk, so anything that is not exactly that shape is refused
/// before it comes near a path: no "..", no slashes, no encodings.
bool isRecordingId(std::string_view text);
std::string newRecordingId();

/// A media file name in a recording's folder, parsed strictly from a URL:
/// "index.m3u8", "init.mp4", "poster.jpg", "download.mp4" or "<n>.m4s"
/// (n: the segment's sequence number, decimal, no sign or leading zero).
struct MediaFile {
    enum class Kind { Playlist, Init, Segment, Poster, Download };
    Kind kind = Kind::Playlist;
    long long segment = -1;
};
std::optional<MediaFile> parseMediaFile(std::string_view name);

}  // namespace sockstream::recordings
