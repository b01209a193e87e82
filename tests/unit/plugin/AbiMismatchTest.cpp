#include <gtest/gtest.h>

#include "plugin/AbiMismatch.h"
#include "sockstream/plugin/Abi.h"

namespace sockstream::core {
namespace {

constexpr const char* kServer = "sockstream-abi/2;headers=abcdef0123456789;cxx=gcc-12;cxxabi=1;libstdcxx=12;poco=0x010C0400";

TEST(AbiMismatch, EqualSignaturesHaveNoDifference) {
    EXPECT_EQ(describeAbiMismatch(kServer, kServer), "");
    EXPECT_EQ(describeAbiMismatch(kAbiSignature, kAbiSignature), "");
}

TEST(AbiMismatch, ThisServersSignatureNamesPocoAndTheCppRuntime) {
    const std::string signature = kAbiSignature;
    EXPECT_EQ(signature.rfind("sockstream-abi/4;headers=", 0), 0u) << signature;
    EXPECT_NE(signature.find(";poco=0x"), std::string::npos) << signature;
    EXPECT_NE(signature.find(";libstdcxx="), std::string::npos) << signature;
    EXPECT_NE(signature.find(";cxx="), std::string::npos) << signature;
}

TEST(AbiMismatch, AnotherPocoIsNamedWithBothVersions) {
    EXPECT_EQ(describeAbiMismatch(
                  "sockstream-abi/2;headers=abcdef0123456789;cxx=gcc-12;cxxabi=1;libstdcxx=12;poco=0x010B0000", kServer),
              "Poco 1.11.0 in the plugin, 1.12.4 in the server");
}

TEST(AbiMismatch, EveryDifferingFieldIsNamed) {
    EXPECT_EQ(describeAbiMismatch(
                  "sockstream-abi/2;headers=0000000000000000;cxx=clang-16;cxxabi=0;libstdcxx=13;poco=0x010C0400", kServer),
              "compiler clang-16 in the plugin, gcc-12 in the server; libstdc++ dual ABI 0 in the plugin, 1 in the "
              "server; the SDK headers differ; libstdc++ release 13 in the plugin, 12 in the server");
}

TEST(AbiMismatch, APluginFromBeforePocoWasInTheSignatureIsToldSo) {
    EXPECT_EQ(describeAbiMismatch("sockstream-abi/1;headers=abcdef0123456789;cxx=gcc-12;cxxabi=1", kServer),
              "signature version 1 in the plugin, 2 in the server; the plugin's signature lacks libstdcxx; the "
              "plugin's signature does not name its Poco (built for an older server)");
}

TEST(AbiMismatch, FieldsUnknownToTheServerAndGarbageAreNamedNotTrusted) {
    EXPECT_EQ(describeAbiMismatch(std::string(kServer) + ";boost=108300", kServer),
              "the plugin's signature names boost, unknown to this server");
    EXPECT_NE(describeAbiMismatch("not a signature", kServer), "");
    EXPECT_NE(describeAbiMismatch("", kServer), "");
}

}  // namespace
}  // namespace sockstream::core
