#include "Amf0Value.h"

namespace sockstream::rtmp {

Amf0Value Amf0Value::number(double value) {
    Amf0Value v(Type::Number);
    v._number = value;
    return v;
}

Amf0Value Amf0Value::boolean(bool value) {
    Amf0Value v(Type::Boolean);
    v._boolean = value;
    return v;
}

Amf0Value Amf0Value::string(std::string value) {
    Amf0Value v(Type::String);
    v._string = std::move(value);
    return v;
}

Amf0Value Amf0Value::strictArray(std::vector<Amf0Value> elements) {
    Amf0Value v(Type::StrictArray);
    v._values = std::move(elements);
    return v;
}

Amf0Value Amf0Value::date(double millis) {
    Amf0Value v(Type::Date);
    v._number = millis;
    return v;
}

Amf0Value& Amf0Value::set(std::string key, Amf0Value value) {
    _keys.push_back(std::move(key));
    _values.push_back(std::move(value));
    return *this;
}

const Amf0Value* Amf0Value::find(std::string_view key) const {
    if (!hasProperties()) return nullptr;
    for (std::size_t i = 0; i < _keys.size(); ++i)
        if (_keys[i] == key) return &_values[i];
    return nullptr;
}

std::string Amf0Value::stringProperty(std::string_view key) const {
    const Amf0Value* v = find(key);
    return v && v->isString() ? v->asString() : std::string();
}

double Amf0Value::numberProperty(std::string_view key, double fallback) const {
    const Amf0Value* v = find(key);
    return v && v->isNumber() ? v->asNumber() : fallback;
}

}  // namespace sockstream::rtmp
