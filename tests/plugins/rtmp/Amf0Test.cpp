#include <gtest/gtest.h>

#include "Amf0Reader.h"
#include "Amf0Writer.h"
#include "RtmpError.h"

using namespace sockstream::rtmp;

namespace {
std::vector<Amf0Value> decode(const std::string& bytes, std::size_t depth = 16) {
    return Amf0Reader(bytes, depth).readAll();
}
std::string bytes(std::initializer_list<int> list) {
    std::string out;
    for (int b : list) out.push_back(static_cast<char>(b));
    return out;
}
}  // namespace

TEST(Amf0, RoundTripsEveryTypeTheServerUses) {
    Amf0Value object = Amf0Value::object();
    object.set("app", Amf0Value::string("live"));
    object.set("n", Amf0Value::number(3.5));
    object.set("flag", Amf0Value::boolean(true));
    Amf0Value array = Amf0Value::ecmaArray();
    array.set("width", Amf0Value::number(1280));
    Amf0Writer writer;
    writer.string("connect");
    writer.number(1);
    writer.value(object);
    writer.null();
    writer.undefined();
    writer.value(array);
    writer.value(Amf0Value::strictArray({Amf0Value::number(1), Amf0Value::string("two")}));
    writer.value(Amf0Value::date(1e12));

    const auto values = decode(writer.bytes());
    ASSERT_EQ(values.size(), 8u);
    EXPECT_EQ(values[0].asString(), "connect");
    EXPECT_EQ(values[1].asNumber(), 1);
    EXPECT_EQ(values[2].stringProperty("app"), "live");
    EXPECT_EQ(values[2].numberProperty("n"), 3.5);
    EXPECT_TRUE(values[2].find("flag")->asBoolean());
    EXPECT_EQ(values[3].type(), Amf0Value::Type::Null);
    EXPECT_EQ(values[4].type(), Amf0Value::Type::Undefined);
    EXPECT_EQ(values[5].type(), Amf0Value::Type::EcmaArray);
    EXPECT_EQ(values[5].numberProperty("width"), 1280);
    ASSERT_EQ(values[6].elements().size(), 2u);
    EXPECT_EQ(values[6].elements()[1].asString(), "two");
    EXPECT_EQ(values[7].type(), Amf0Value::Type::Date);
}

TEST(Amf0, ReadsLongStringsXmlAndTypedObjects) {
    std::string longString = bytes({0x0C, 0, 0, 0, 3}) + "abc";
    EXPECT_EQ(decode(longString)[0].asString(), "abc");
    std::string xml = bytes({0x0F, 0, 0, 0, 2}) + "<a";
    EXPECT_EQ(decode(xml)[0].asString(), "<a");
    std::string typed = bytes({0x10, 0, 1}) + "C" + bytes({0, 1}) + "k" + bytes({0x05, 0, 0, 0x09});
    auto v = decode(typed);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].find("k")->type(), Amf0Value::Type::Null);
}

TEST(Amf0, RefusesTruncatedValues) {
    EXPECT_THROW(decode(bytes({0x00, 1, 2, 3})), RtmpError);           // number
    EXPECT_THROW(decode(bytes({0x01})), RtmpError);                     // boolean
    EXPECT_THROW(decode(bytes({0x02, 0, 5}) + "ab"), RtmpError);        // string
    EXPECT_THROW(decode(bytes({0x0C, 0xFF, 0xFF, 0xFF, 0xFF}) + "a"), RtmpError);  // long string
    EXPECT_THROW(decode(bytes({0x03, 0, 1}) + "k"), RtmpError);         // object property without value
    EXPECT_THROW(decode(bytes({0x03, 0, 1}) + "k" + bytes({0x05})), RtmpError);  // no object end
    EXPECT_THROW(decode(bytes({0x08, 0, 0, 0})), RtmpError);            // ECMA count
    EXPECT_THROW(decode(bytes({0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0})), RtmpError);  // date without time zone
}

TEST(Amf0, RefusesStrictArrayCountsTheInputCannotHold) {
    EXPECT_THROW(decode(bytes({0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05})), RtmpError);
}

TEST(Amf0, RefusesNestingBeyondTheLimit) {
    std::string nested;
    for (int i = 0; i < 17; ++i) nested += bytes({0x03, 0, 1}) + "a";
    nested += bytes({0x05});
    for (int i = 0; i < 17; ++i) nested += bytes({0, 0, 0x09});
    EXPECT_THROW(decode(nested), RtmpError);
    std::string arrays;
    for (int i = 0; i < 20; ++i) arrays += bytes({0x0A, 0, 0, 0, 1});
    arrays += bytes({0x05});
    EXPECT_THROW(decode(arrays), RtmpError);
    EXPECT_NO_THROW(decode(arrays, 32));
}

TEST(Amf0, RefusesMarkersEncodersNeverSend) {
    EXPECT_THROW(decode(bytes({0x04})), RtmpError);        // movie clip
    EXPECT_THROW(decode(bytes({0x07, 0, 1})), RtmpError);  // reference
    EXPECT_THROW(decode(bytes({0x0E})), RtmpError);        // record set
    EXPECT_THROW(decode(bytes({0x11, 0x01})), RtmpError);  // AMF3 switch
    EXPECT_THROW(decode(bytes({0x09})), RtmpError);        // stray object end
    EXPECT_THROW(decode(bytes({0x42})), RtmpError);        // unknown
}

TEST(Amf0, RefusesAnEmptyKeyThatIsNotTheObjectEnd) {
    EXPECT_THROW(decode(bytes({0x03, 0, 0, 0x05})), RtmpError);
}

TEST(Amf0, WritesLongStringsForHugeText) {
    Amf0Writer writer;
    writer.string(std::string(70000, 'x'));
    EXPECT_EQ(static_cast<std::uint8_t>(writer.bytes()[0]), 0x0C);
    EXPECT_EQ(decode(writer.bytes())[0].asString().size(), 70000u);
}

TEST(Amf0, RefusesMoreValuesThanTheLimit) {
    std::string nulls = bytes({0x0A, 0, 0, 0x13, 0x88}) + std::string(5000, '\x05');  // 5000 nulls
    EXPECT_THROW(decode(nulls), RtmpError);
    EXPECT_EQ(Amf0Reader(nulls, 16, 10000).readAll()[0].elements().size(), 5000u);
    EXPECT_THROW(Amf0Reader(std::string(20, '\x05'), 16, 10).readAll(), RtmpError);
}
