// Fuzzes the parsing of everything a viewer puts in an HLS URL: the file name
// and the blocking-reload query values. Input: "file\nmsn\npart" (missing lines are absent values).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "HlsRequest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view pieces[3];
    std::size_t count = 0;
    while (count < 3) {
        auto newline = input.find('\n');
        pieces[count++] = input.substr(0, newline);
        if (newline == std::string_view::npos) break;
        input.remove_prefix(newline + 1);
    }
    using sockstream::hls::HlsRequest;
    auto resource = HlsRequest::parseResource(pieces[0]);
    if (resource.ok() && resource.value.kind == sockstream::hls::ResourceKind::Part &&
        (resource.value.part < 0 || resource.value.number < 0))
        __builtin_trap();
    std::optional<std::string> msn = count > 1 ? std::optional<std::string>(pieces[1]) : std::nullopt;
    std::optional<std::string> part = count > 2 ? std::optional<std::string>(pieces[2]) : std::nullopt;
    auto directive = HlsRequest::parseDirective(msn, part);
    if (directive.ok() && directive.value.part && !directive.value.msn) __builtin_trap();
    HlsRequest::isValidRoomId(pieces[0]);
    return 0;
}
