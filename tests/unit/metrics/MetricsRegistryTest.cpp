#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "metrics/MetricsRegistry.h"

namespace sockstream::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsRegistry, RendersPrometheusTextWithPrefixHelpAndType) {
    MetricsRegistry registry;
    registry.counter("http_requests_total", "HTTP requests answered, by status", {{"status", "200"}}).increment();
    registry.counter("http_requests_total", "HTTP requests answered, by status", {{"status", "200"}}).increment(2);
    registry.counter("http_requests_total", "HTTP requests answered, by status", {{"status", "404"}}).increment();
    registry.gauge("open_connections", "Open connections, by kind", {{"kind", "http"}}).set(3);
    registry.gauge("open_connections", "Open connections, by kind", {{"kind", "http"}}).add(-1);
    std::string text = registry.renderPrometheus();
    EXPECT_THAT(text, HasSubstr("# HELP sockstream_http_requests_total HTTP requests answered, by status\n"
                                "# TYPE sockstream_http_requests_total counter\n"));
    EXPECT_THAT(text, HasSubstr("sockstream_http_requests_total{status=\"200\"} 3\n"));
    EXPECT_THAT(text, HasSubstr("sockstream_http_requests_total{status=\"404\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("# TYPE sockstream_open_connections gauge\n"));
    EXPECT_THAT(text, HasSubstr("sockstream_open_connections{kind=\"http\"} 2\n"));
}

TEST(MetricsRegistry, SameNameAndLabelsIsTheSameMetric) {
    MetricsRegistry registry;
    Counter& a = registry.counter("c", "help", {{"x", "1"}});
    Counter& b = registry.counter("c", "help", {{"x", "1"}});
    EXPECT_EQ(&a, &b);
    EXPECT_NE(&a, &registry.counter("c", "help", {{"x", "2"}}));
}

TEST(MetricsRegistry, OneNameHasOneType) {
    MetricsRegistry registry;
    registry.counter("things", "help", {});
    EXPECT_THROW(registry.gauge("things", "help", {}), std::invalid_argument);
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
    MetricsRegistry registry;
    registry.gauge("g", "help", {{"path", "a\"b\\c\nd"}, {"a", "first"}}).set(1);
    EXPECT_THAT(registry.renderPrometheus(), HasSubstr("sockstream_g{a=\"first\",path=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(MetricsRegistry, GaugeCallbacksAreReadOnScrapeAndRemovedWithTheirOwner) {
    MetricsRegistry registry;
    double viewers = 5;
    auto chat = registry.viewFor("chat");
    chat->gaugeCallback("chat_viewers", "Viewers", [&] { return viewers; }, {{"room", "r1"}});
    registry.gaugeCallback("core", "uptime_seconds", "Uptime", [] { return 1.5; }, {});
    EXPECT_THAT(registry.renderPrometheus(), HasSubstr("sockstream_chat_viewers{room=\"r1\"} 5\n"));
    viewers = 7;
    EXPECT_THAT(registry.renderPrometheus(), HasSubstr("sockstream_chat_viewers{room=\"r1\"} 7\n"));
    registry.removeOwner("chat");
    std::string text = registry.renderPrometheus();
    EXPECT_THAT(text, Not(HasSubstr("chat_viewers")));
    EXPECT_THAT(text, HasSubstr("sockstream_uptime_seconds 1.5\n"));
}

TEST(MetricsRegistry, SpecialValuesUsePrometheusSpelling) {
    MetricsRegistry registry;
    registry.gaugeCallback("core", "nan", "h", [] { return std::numeric_limits<double>::quiet_NaN(); }, {});
    registry.gaugeCallback("core", "inf", "h", [] { return std::numeric_limits<double>::infinity(); }, {});
    std::string text = registry.renderPrometheus();
    EXPECT_THAT(text, HasSubstr("sockstream_nan NaN\n"));
    EXPECT_THAT(text, HasSubstr("sockstream_inf +Inf\n"));
}

}  // namespace
}  // namespace sockstream::core
