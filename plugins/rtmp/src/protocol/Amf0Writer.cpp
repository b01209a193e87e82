#include "Amf0Writer.h"

#include "ByteWriter.h"

namespace sockstream::rtmp {

void Amf0Writer::number(double value) {
    ByteWriter w(_out);
    w.u8(0x00);
    w.f64(value);
}

void Amf0Writer::boolean(bool value) {
    ByteWriter w(_out);
    w.u8(0x01);
    w.u8(value ? 1 : 0);
}

void Amf0Writer::string(std::string_view value) {
    ByteWriter w(_out);
    if (value.size() > 0xFFFF) {
        w.u8(0x0C);
        w.u32(static_cast<std::uint32_t>(value.size()));
    } else {
        w.u8(0x02);
        w.u16(static_cast<std::uint32_t>(value.size()));
    }
    w.bytes(value);
}

void Amf0Writer::null() { _out.push_back(0x05); }
void Amf0Writer::undefined() { _out.push_back(0x06); }

void Amf0Writer::properties(const Amf0Value& value) {
    ByteWriter w(_out);
    for (std::size_t i = 0; i < value.propertyCount(); ++i) {
        w.u16(static_cast<std::uint32_t>(value.key(i).size()));
        w.bytes(value.key(i));
        this->value(value.value(i));
    }
    w.u16(0);
    w.u8(0x09);
}

void Amf0Writer::value(const Amf0Value& value) {
    ByteWriter w(_out);
    switch (value.type()) {
    case Amf0Value::Type::Number: number(value.asNumber()); break;
    case Amf0Value::Type::Boolean: boolean(value.asBoolean()); break;
    case Amf0Value::Type::String: string(value.asString()); break;
    case Amf0Value::Type::Null: null(); break;
    case Amf0Value::Type::Undefined: undefined(); break;
    case Amf0Value::Type::Object:
        w.u8(0x03);
        properties(value);
        break;
    case Amf0Value::Type::EcmaArray:
        w.u8(0x08);
        w.u32(static_cast<std::uint32_t>(value.propertyCount()));
        properties(value);
        break;
    case Amf0Value::Type::StrictArray:
        w.u8(0x0A);
        w.u32(static_cast<std::uint32_t>(value.elements().size()));
        for (const auto& element : value.elements()) this->value(element);
        break;
    case Amf0Value::Type::Date:
        w.u8(0x0B);
        w.f64(value.asNumber());
        w.u16(0);
        break;
    }
}

}  // namespace sockstream::rtmp
