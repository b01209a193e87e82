#include "Amf0Reader.h"

#include "RtmpError.h"

namespace sockstream::rtmp {

namespace {
enum Marker : std::uint8_t {
    Number = 0x00, Boolean = 0x01, String = 0x02, Object = 0x03, MovieClip = 0x04, Null = 0x05,
    Undefined = 0x06, Reference = 0x07, EcmaArray = 0x08, ObjectEnd = 0x09, StrictArray = 0x0A,
    Date = 0x0B, LongString = 0x0C, Unsupported = 0x0D, RecordSet = 0x0E, XmlDocument = 0x0F,
    TypedObject = 0x10, AvmPlusObject = 0x11,
};
}  // namespace

Amf0Reader::Amf0Reader(std::string_view bytes, std::size_t maxDepth, std::size_t maxValues)
    : _reader(bytes), _maxDepth(maxDepth), _maxValues(maxValues) {}

Amf0Value Amf0Reader::read() { return readValue(0); }

std::vector<Amf0Value> Amf0Reader::readAll() {
    std::vector<Amf0Value> values;
    while (!atEnd()) values.push_back(read());
    return values;
}

std::string Amf0Reader::readShortString() {
    const std::uint16_t length = _reader.u16("AMF0 string length");
    return _reader.bytes(length, "AMF0 string");
}

void Amf0Reader::readProperties(Amf0Value& target, std::size_t depth) {
    for (;;) {
        std::string key = readShortString();
        if (key.empty()) {
            const std::uint8_t marker = _reader.u8("AMF0 object end");
            if (marker == ObjectEnd) return;
            throw RtmpError("AMF0 empty property name without object end");
        }
        target.set(std::move(key), readValue(depth + 1));
    }
}

Amf0Value Amf0Reader::readValue(std::size_t depth) {
    if (depth > _maxDepth) throw RtmpError("AMF0 nesting deeper than " + std::to_string(_maxDepth));
    if (++_values > _maxValues) throw RtmpError("more than " + std::to_string(_maxValues) + " AMF0 values");
    const std::uint8_t marker = _reader.u8("AMF0 type marker");
    switch (marker) {
    case Number:
        return Amf0Value::number(_reader.f64("AMF0 number"));
    case Boolean:
        return Amf0Value::boolean(_reader.u8("AMF0 boolean") != 0);
    case String:
        return Amf0Value::string(readShortString());
    case LongString:
    case XmlDocument: {
        const std::uint32_t length = _reader.u32("AMF0 long string length");
        return Amf0Value::string(_reader.bytes(length, "AMF0 long string"));
    }
    case Object: {
        Amf0Value object = Amf0Value::object();
        readProperties(object, depth);
        return object;
    }
    case TypedObject: {
        readShortString();  // class name: RTMP commands never depend on it
        Amf0Value object = Amf0Value::object();
        readProperties(object, depth);
        return object;
    }
    case EcmaArray: {
        _reader.u32("AMF0 ECMA array count");  // a hint only; the end marker decides
        Amf0Value array = Amf0Value::ecmaArray();
        readProperties(array, depth);
        return array;
    }
    case StrictArray: {
        const std::uint32_t count = _reader.u32("AMF0 strict array count");
        // Every element takes at least one byte: refuse counts the input cannot hold.
        if (count > _reader.remaining()) throw RtmpError("AMF0 strict array count exceeds the input");
        std::vector<Amf0Value> elements;
        for (std::uint32_t i = 0; i < count; ++i) elements.push_back(readValue(depth + 1));
        return Amf0Value::strictArray(std::move(elements));
    }
    case Date: {
        const double millis = _reader.f64("AMF0 date");
        _reader.u16("AMF0 date time zone");
        return Amf0Value::date(millis);
    }
    case Null:
        return Amf0Value::null();
    case Undefined:
    case Unsupported:
        return Amf0Value::undefined();
    case ObjectEnd:
        throw RtmpError("AMF0 object end outside an object");
    default:
        throw RtmpError("unsupported AMF0 type marker " + std::to_string(marker));
    }
}

}  // namespace sockstream::rtmp
