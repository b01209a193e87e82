#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin/PluginManager.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

PluginDeclaration plugin(std::string name, std::vector<std::string> dependencies = {}, bool enabled = true) {
    PluginDeclaration declaration;
    declaration.library = name;
    declaration.name = std::move(name);
    declaration.dependencies = std::move(dependencies);
    declaration.enabled = enabled;
    declaration.config = new Poco::JSON::Object;
    return declaration;
}

std::vector<std::string> names(const std::vector<PluginDeclaration>& ordered) {
    std::vector<std::string> result;
    for (const auto& d : ordered) result.push_back(d.name);
    return result;
}

std::string orderError(const std::vector<PluginDeclaration>& declarations) {
    try {
        PluginManager::orderByDependencies(declarations);
    } catch (const PluginError& error) {
        return error.what();
    }
    return "";
}

TEST(PluginOrder, ConfigOrderWithoutDependencies) {
    EXPECT_THAT(names(PluginManager::orderByDependencies({plugin("c"), plugin("a"), plugin("b")})),
                ElementsAre("c", "a", "b"));
}

TEST(PluginOrder, DependenciesComeFirstAndConfigOrderBreaksTies) {
    auto ordered = PluginManager::orderByDependencies(
        {plugin("chat", {"auth"}), plugin("bot", {"chat"}), plugin("hls"), plugin("auth"), plugin("rtmp", {"hls"})});
    EXPECT_THAT(names(ordered), ElementsAre("hls", "auth", "chat", "bot", "rtmp"));
}

TEST(PluginOrder, DiamondDependencies) {
    auto ordered = PluginManager::orderByDependencies(
        {plugin("top", {"left", "right"}), plugin("left", {"base"}), plugin("right", {"base"}), plugin("base")});
    EXPECT_THAT(names(ordered), ElementsAre("base", "left", "right", "top"));
}

TEST(PluginOrder, DisabledPluginsAreLeftOut) {
    EXPECT_THAT(names(PluginManager::orderByDependencies({plugin("a"), plugin("b", {}, false), plugin("c")})),
                ElementsAre("a", "c"));
}

TEST(PluginOrder, CycleIsAnErrorNamingThePlugins) {
    std::string error = orderError({plugin("ok"), plugin("a", {"b"}), plugin("b", {"c"}), plugin("c", {"a"})});
    EXPECT_THAT(error, HasSubstr("cycle"));
    EXPECT_THAT(error, HasSubstr("a, b, c"));
    EXPECT_EQ(error.find("ok"), std::string::npos) << "plugins outside the cycle are not blamed";
    EXPECT_THAT(orderError({plugin("self", {"self"})}), HasSubstr("cycle"));
}

TEST(PluginOrder, MissingDependencyIsNamed) {
    EXPECT_EQ(orderError({plugin("chat", {"auth"})}),
              "plugin chat: depends on \"auth\", which is not declared");
}

TEST(PluginOrder, DisabledDependencyIsNamed) {
    EXPECT_EQ(orderError({plugin("auth", {}, false), plugin("chat", {"auth"})}),
              "plugin chat: depends on \"auth\", which is disabled");
}

TEST(PluginOrder, DisabledPluginsDependenciesDoNotMatter) {
    EXPECT_THAT(names(PluginManager::orderByDependencies({plugin("x", {"absent"}, false), plugin("y")})),
                ElementsAre("y"));
}

TEST(PluginLibraryPath, NamesResolveInThePluginDir) {
    PluginDeclaration chat = plugin("chat");
    EXPECT_EQ(PluginManager::libraryPath(chat, "/opt/sockstream/lib/sockstream"),
              "/opt/sockstream/lib/sockstream/libsockstream-chat.so");
    chat.library = "/home/me/build/libhello.so";
    EXPECT_EQ(PluginManager::libraryPath(chat, "/opt/x"), "/home/me/build/libhello.so");
    chat.library = "./libhello.so";
    EXPECT_EQ(PluginManager::libraryPath(chat, "/opt/x"), "./libhello.so");
}

}  // namespace
}  // namespace sockstream::core
