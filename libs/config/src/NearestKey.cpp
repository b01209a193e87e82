#include "sockstream-config/NearestKey.h"

#include <algorithm>
#include <cctype>

namespace sockstream::lib::config {

namespace {
char folded(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

std::size_t editDistance(std::string_view a, std::string_view b) {
    // Config keys are short (tens of characters): a full table is fine.
    const std::size_t rows = a.size() + 1, cols = b.size() + 1;
    std::vector<std::size_t> d(rows * cols);
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * cols + j]; };
    for (std::size_t i = 0; i < rows; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j < cols; ++j) at(0, j) = j;
    for (std::size_t i = 1; i < rows; ++i) {
        for (std::size_t j = 1; j < cols; ++j) {
            const std::size_t cost = folded(a[i - 1]) == folded(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) && folded(a[i - 2]) == folded(b[j - 1]))
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(rows - 1, cols - 1);
}

std::optional<std::string> nearestKey(std::string_view typo, const std::vector<std::string>& known) {
    std::optional<std::string> best;
    std::size_t bestDistance = 3;
    for (const auto& candidate : known) {
        const std::size_t distance = editDistance(typo, candidate);
        const std::size_t longer = std::max(typo.size(), candidate.size());
        // A case-only difference (distance 0) is the clearest typo of all.
        if (distance < bestDistance && distance * 3 <= longer) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

}  // namespace sockstream::lib::config
