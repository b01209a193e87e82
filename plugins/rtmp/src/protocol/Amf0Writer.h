#pragma once

#include <string>
#include <string_view>

#include "Amf0Value.h"

namespace sockstream::rtmp {

/// Encodes AMF0 values for the replies the server sends.
class Amf0Writer {
public:
    void number(double value);
    void boolean(bool value);
    void string(std::string_view value);
    void null();
    void undefined();
    void value(const Amf0Value& value);

    const std::string& bytes() const { return _out; }
    std::string take() { return std::move(_out); }

private:
    void properties(const Amf0Value& value);
    std::string _out;
};

}  // namespace sockstream::rtmp
