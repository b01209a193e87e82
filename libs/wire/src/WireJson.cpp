#include "sockstream-wire/WireJson.h"

namespace sockstream::lib::wire {

namespace {
struct PocoOut {
    Poco::JSON::Object& json;
    template <class Value>
    void field(const char* key, const Value& value) { json.set(key, value); }
    template <class Fill>
    void object(const char* key, Fill fill) {
        Poco::JSON::Object::Ptr nested = new Poco::JSON::Object;
        PocoOut out{*nested};
        fill(out);
        json.set(key, nested);
    }
};
}  // namespace

Poco::JSON::Object::Ptr roomJson(const Room& room, const RoomFieldOptions& options) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    PocoOut out{*json};
    visitRoomFields(room, options, out);
    return json;
}

Poco::JSON::Object::Ptr userJson(const User& user) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    PocoOut out{*json};
    visitUserFields(user, out);
    return json;
}

}  // namespace sockstream::lib::wire
