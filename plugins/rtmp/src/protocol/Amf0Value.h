#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockstream::rtmp {

/// One AMF0 value. Objects and ECMA arrays keep their properties in order;
/// typed objects keep their class name; XML documents decode as strings.
class Amf0Value {
public:
    enum class Type { Number, Boolean, String, Object, Null, Undefined, EcmaArray, StrictArray, Date };

    Amf0Value() : _type(Type::Undefined) {}
    static Amf0Value number(double value);
    static Amf0Value boolean(bool value);
    static Amf0Value string(std::string value);
    static Amf0Value null() { return Amf0Value(Type::Null); }
    static Amf0Value undefined() { return Amf0Value(Type::Undefined); }
    static Amf0Value object() { return Amf0Value(Type::Object); }
    static Amf0Value ecmaArray() { return Amf0Value(Type::EcmaArray); }
    static Amf0Value strictArray(std::vector<Amf0Value> elements);
    static Amf0Value date(double millis);

    Type type() const { return _type; }
    bool isNumber() const { return _type == Type::Number; }
    bool isString() const { return _type == Type::String; }
    bool isBoolean() const { return _type == Type::Boolean; }
    /// Object or ECMA array: has named properties.
    bool hasProperties() const { return _type == Type::Object || _type == Type::EcmaArray; }

    double asNumber() const { return _number; }
    bool asBoolean() const { return _boolean; }
    const std::string& asString() const { return _string; }

    /// Named properties (objects, ECMA arrays) in order.
    std::size_t propertyCount() const { return _keys.size(); }
    const std::string& key(std::size_t index) const { return _keys[index]; }
    const Amf0Value& value(std::size_t index) const { return _values[index]; }
    Amf0Value& set(std::string key, Amf0Value value);
    /// The first property with that name, or nullptr.
    const Amf0Value* find(std::string_view key) const;
    std::string stringProperty(std::string_view key) const;
    double numberProperty(std::string_view key, double fallback = 0) const;

    /// Strict array elements.
    const std::vector<Amf0Value>& elements() const { return _values; }

private:
    explicit Amf0Value(Type type) : _type(type) {}

    Type _type;
    double _number = 0;
    bool _boolean = false;
    std::string _string;
    std::vector<std::string> _keys;
    std::vector<Amf0Value> _values;
};

}  // namespace sockstream::rtmp
