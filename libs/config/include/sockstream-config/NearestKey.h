#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream::lib::config {

/// The known key an operator most likely meant by `typo`, or nothing when no
/// key is close: at most two edits (insert, delete, replace, swap two
/// neighbours; letter case is free) and at most a third of the longer name,
/// so "prot" does not turn into "host". Ties go to the first known key.
std::optional<std::string> nearestKey(std::string_view typo, const std::vector<std::string>& known);

/// Optimal string alignment distance (Levenshtein plus adjacent swaps), case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace sockstream::lib::config
