#include "PhcString.h"

#include <array>
#include <charconv>
#include <vector>

namespace sockstream::authpassword {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encodeBase64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) |
                                std::uint8_t(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint8_t(bytes[i]) << 16;
        if (rest == 2) v |= std::uint8_t(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        if (rest == 2) out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

// The PHC format requires the canonical unpadded encoding: a length of 1 mod 4
// or non-zero trailing bits mean the string was not produced by an encoder.
std::optional<std::string> decodeBase64(std::string_view text) {
    static const auto table = [] {
        std::array<int, 256> t{};
        t.fill(-1);
        for (std::size_t i = 0; i < kAlphabet.size(); ++i) t[std::uint8_t(kAlphabet[i])] = int(i);
        return t;
    }();
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int value = table[std::uint8_t(c)];
        if (value < 0) return std::nullopt;
        buffer = (buffer << 6) | std::uint32_t(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xff);
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// Decimal without sign, leading zeros or overflow, as the PHC format demands.
std::optional<std::uint32_t> parseDecimal(std::string_view text) {
    if (text.empty() || text.size() > 10 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::uint32_t> parseNamed(std::string_view field, std::string_view name) {
    if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name || field[name.size()] != '=')
        return std::nullopt;
    return parseDecimal(field.substr(name.size() + 1));
}

}  // namespace

std::optional<PhcString> PhcString::parse(std::string_view text) {
    if (text.size() > kMaxLength) return std::nullopt;
    // "$argon2id$v=19$m=..,t=..,p=..$salt$hash" splits into 6 parts, the first empty.
    const auto parts = split(text, '$');
    if (parts.size() != 6 || !parts[0].empty() || parts[1] != "argon2id" || parts[2] != "v=19")
        return std::nullopt;
    const auto fields = split(parts[3], ',');
    if (fields.size() != 3) return std::nullopt;
    const auto memory = parseNamed(fields[0], "m");
    const auto iterations = parseNamed(fields[1], "t");
    const auto parallelism = parseNamed(fields[2], "p");
    if (!memory || !iterations || !parallelism) return std::nullopt;
    if (*parallelism < 1 || *parallelism > kMaxParallelism) return std::nullopt;
    if (*iterations < 1 || *iterations > kMaxIterations) return std::nullopt;
    // Argon2 needs at least 8 KiB per lane.
    if (*memory < 8 * *parallelism || *memory > kMaxMemoryKiB) return std::nullopt;

    auto salt = decodeBase64(parts[4]);
    auto hash = decodeBase64(parts[5]);
    if (!salt || salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes) return std::nullopt;
    if (!hash || hash->size() < kMinHashBytes || hash->size() > kMaxHashBytes) return std::nullopt;

    PhcString phc;
    phc.parameters = {*memory, *iterations, *parallelism};
    phc.salt = std::move(*salt);
    phc.hash = std::move(*hash);
    return phc;
}

std::string PhcString::format() const {
    return "$argon2id$v=19$m=" + std::to_string(parameters.memoryKiB) +
           ",t=" + std::to_string(parameters.iterations) +
           ",p=" + std::to_string(parameters.parallelism) + "$" + encodeBase64(salt) + "$" +
           encodeBase64(hash);
}

}  // namespace sockstream::authpassword
