#include "moderation/WordFilter.h"

#include <algorithm>

namespace sockstream::chat {

namespace {

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return text;
}

/// Letters, digits and every byte of a non-ASCII character: "ass" is not in "class" nor in "assé".
bool wordByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

}  // namespace

WordFilter::WordFilter(const std::map<std::string, WordList>& lists) {
    for (const auto& [channelId, list] : lists) {
        if (list.words.size() + list.patterns.size() > kMaxEntries)
            throw std::invalid_argument(channelId + " has more than " + std::to_string(kMaxEntries) + " words and patterns");
        Compiled compiled;
        for (const auto& word : list.words) {
            if (word.empty() || word.size() > kMaxEntryBytes)
                throw std::invalid_argument(channelId + ".words has an empty word or one longer than " +
                                            std::to_string(kMaxEntryBytes) + " bytes");
            compiled.words.push_back(lowered(word));
        }
        for (const auto& pattern : list.patterns) {
            if (pattern.empty() || pattern.size() > kMaxEntryBytes)
                throw std::invalid_argument(channelId + ".patterns has an empty pattern or one longer than " +
                                            std::to_string(kMaxEntryBytes) + " bytes");
            try {
                compiled.patterns.emplace_back(pattern, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
            } catch (const std::regex_error& e) {
                throw std::invalid_argument(channelId + ".patterns: \"" + pattern + "\" is not a valid regular expression (" +
                                            e.what() + ")");
            }
        }
        if (!compiled.words.empty() || !compiled.patterns.empty()) _channels.emplace(channelId, std::move(compiled));
    }
}

bool WordFilter::containsWord(const std::string& text, const std::string& word) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool startsWord = at == 0 || !wordByte(static_cast<unsigned char>(text[at - 1]));
        const std::size_t end = at + word.size();
        const bool endsWord = end == text.size() || !wordByte(static_cast<unsigned char>(text[end]));
        if (startsWord && endsWord) return true;
    }
    return false;
}

bool WordFilter::refuses(const std::string& channelId, const std::string& text) const {
    auto it = _channels.find(channelId);
    if (it == _channels.end()) return false;
    const std::string lower = lowered(text);
    for (const auto& word : it->second.words)
        if (containsWord(lower, word)) return true;
    for (const auto& pattern : it->second.patterns)
        if (std::regex_search(text, pattern)) return true;
    return false;
}

}  // namespace sockstream::chat
