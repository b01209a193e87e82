#pragma once

#include <stdexcept>

namespace sockstream::codec {

/// A codec configuration record that is malformed or over a limit; what() says which, in words.
class RecordError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sockstream::codec
