#pragma once

#include <cstddef>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sockstream::chat {

/// One channel's list from the chat config's "wordFilter" (plugins/chat/README.md).
struct WordList {
    std::vector<std::string> words;     ///< matched as whole words, ignoring ASCII case
    std::vector<std::string> patterns;  ///< ECMAScript regular expressions, ignoring case, found anywhere
};

/// The per-channel word filter: a chat:send whose text holds a listed word or
/// matches a listed pattern is refused (`word_filtered`) before anyone sees
/// it. Refusing rather than masking: the author learns at once and can
/// rephrase, and nobody reads a message with holes in it. Immutable after
/// construction, so any thread may ask.
class WordFilter {
public:
    static constexpr std::size_t kMaxEntries = 1'000;      ///< words + patterns per channel
    static constexpr std::size_t kMaxEntryBytes = 200;

    WordFilter() = default;
    /// Throws std::invalid_argument naming the channel and the entry that is
    /// empty, too long, or not a valid regular expression.
    explicit WordFilter(const std::map<std::string, WordList>& lists);

    /// True when `text` may not be sent in `channelId`.
    bool refuses(const std::string& channelId, const std::string& text) const;
    bool empty() const { return _channels.empty(); }

private:
    struct Compiled {
        std::vector<std::string> words;  ///< lower-cased
        std::vector<std::regex> patterns;
    };
    static bool containsWord(const std::string& lowered, const std::string& word);

    std::map<std::string, Compiled> _channels;
};

}  // namespace sockstream::chat
