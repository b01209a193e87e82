#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::hls {

/// What a path under /hls/{roomId}/ names. Parsing is strict and bounded
/// because every byte of it comes from the network.
enum class ResourceKind { Multivariant, MediaPlaylist, Init, Segment, Part };

struct Resource {
    ResourceKind kind = ResourceKind::Multivariant;
    std::string generation;    ///< the broadcast's URL generation (empty for playlists)
    std::int64_t number = 0;   ///< media sequence number, or the init section's id
    int part = 0;              ///< part index within its segment
    std::string extension;     ///< "ts", "m4s", "mp4", "m3u8"
};

/// Blocking playlist reload directives (_HLS_msn / _HLS_part).
struct ReloadDirective {
    std::optional<std::int64_t> msn;
    std::optional<int> part;
    bool blocking() const { return msn.has_value(); }
};

enum class ParseStatus { Ok, BadRequest, NotFound };

template <class T>
struct Parsed {
    ParseStatus status = ParseStatus::Ok;
    T value{};
    std::string reason;  ///< why it was refused, for the error body
    bool ok() const { return status == ParseStatus::Ok; }
};

/// Limits of everything a client may put in an HLS URL.
struct RequestLimits {
    static constexpr std::size_t kMaxFileName = 96;
    static constexpr std::size_t kMaxGeneration = 16;
    static constexpr std::size_t kMaxSequenceDigits = 15;   ///< below 2^53 and int64
    static constexpr std::size_t kMaxPartDigits = 4;
    static constexpr std::size_t kMaxRoomId = 64;
};

class HlsRequest {
public:
    /// "index.m3u8", "media.m3u8", "init-<gen>-<id>.mp4", "seg-<gen>-<msn>.ts|m4s",
    /// "part-<gen>-<msn>-<part>.m4s". Traversal and separators are BadRequest,
    /// well-formed names that are none of these NotFound.
    static Parsed<Resource> parseResource(std::string_view file);
    /// Query values as decoded by the core; absent values are nullopt.
    static Parsed<ReloadDirective> parseDirective(const std::optional<std::string>& msn,
                                                  const std::optional<std::string>& part);
    /// Public room ids are short URL-safe tokens.
    static bool isValidRoomId(std::string_view roomId);
    /// A bounded decimal without sign, spaces or leading '+'; nullopt otherwise.
    static std::optional<std::int64_t> parseDecimal(std::string_view text, std::size_t maxDigits);

    static std::string segmentName(std::string_view generation, std::int64_t msn, std::string_view extension);
    static std::string partName(std::string_view generation, std::int64_t msn, int part);
    static std::string initName(std::string_view generation, std::int64_t id);
};

}  // namespace sockstream::hls
