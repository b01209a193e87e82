#include "plugin/AbiMismatch.h"

#include <cstdlib>
#include <map>
#include <vector>

namespace sockstream::core {

namespace {

/// The fields of a signature; the leading "sockstream-abi/<n>" is the field "abi".
std::map<std::string, std::string, std::less<>> fields(std::string_view signature) {
    std::map<std::string, std::string, std::less<>> result;
    bool first = true;
    while (!signature.empty()) {
        const auto end = signature.find(';');
        const std::string_view field = signature.substr(0, end);
        signature = end == std::string_view::npos ? std::string_view{} : signature.substr(end + 1);
        if (first) {
            first = false;
            const auto slash = field.find('/');
            result["abi"] = std::string(slash == std::string_view::npos ? field : field.substr(slash + 1));
            continue;
        }
        const auto equals = field.find('=');
        if (equals == std::string_view::npos) continue;
        result[std::string(field.substr(0, equals))] = std::string(field.substr(equals + 1));
    }
    return result;
}

/// POCO_VERSION 0xAABBCCDD as "major.minor.patch"; anything else as it is.
std::string pocoVersion(const std::string& value) {
    char* end = nullptr;
    const unsigned long number = std::strtoul(value.c_str(), &end, 16);
    if (value.rfind("0x", 0) != 0 || end == value.c_str() || *end != '\0') return value;
    return std::to_string((number >> 24) & 0xff) + "." + std::to_string((number >> 16) & 0xff) + "." +
           std::to_string((number >> 8) & 0xff);
}

std::string difference(const std::string& key, const std::string& plugin, const std::string& server) {
    if (key == "headers") return "the SDK headers differ";
    if (key == "poco") return "Poco " + pocoVersion(plugin) + " in the plugin, " + pocoVersion(server) + " in the server";
    if (key == "cxx") return "compiler " + plugin + " in the plugin, " + server + " in the server";
    if (key == "cxxabi") return "libstdc++ dual ABI " + plugin + " in the plugin, " + server + " in the server";
    if (key == "libstdcxx")
        return "libstdc++ release " + plugin + " in the plugin, " + server + " in the server";
    if (key == "abi") return "signature version " + plugin + " in the plugin, " + server + " in the server";
    return key + " " + plugin + " in the plugin, " + server + " in the server";
}

}  // namespace

std::string describeAbiMismatch(std::string_view plugin, std::string_view server) {
    const auto ours = fields(server);
    const auto theirs = fields(plugin);
    std::vector<std::string> differences;
    for (const auto& [key, value] : ours) {
        const auto it = theirs.find(key);
        if (it == theirs.end())
            differences.push_back(key == "poco" ? "the plugin's signature does not name its Poco (built for an older server)"
                                                : "the plugin's signature lacks " + key);
        else if (it->second != value)
            differences.push_back(difference(key, it->second, value));
    }
    for (const auto& [key, value] : theirs)
        if (!ours.count(key)) differences.push_back("the plugin's signature names " + key + ", unknown to this server");
    std::string text;
    for (const auto& item : differences) text += (text.empty() ? "" : "; ") + item;
    return text;
}

}  // namespace sockstream::core
