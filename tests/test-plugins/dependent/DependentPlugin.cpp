// test-dependent: needs test-greeter's service, so it must be initialised after it.
#include <memory>
#include <stdexcept>

#include <Poco/JSON/Object.h>

#include "GreeterService.h"
#include "Journal.h"
#include "sockstream/SockStream.h"

namespace sockstream::testplugins {

class DependentPlugin : public Plugin {
public:
    void init(PluginContext& context) override {
        _journal = Journal(context);
        _journal.record("init");
        _greeter = context.services().find<GreeterService>();
        if (!_greeter) throw std::runtime_error("the test.greeter service is not available");
        context.http().get("/api/test/dependent", [this](const HttpRequest&) {
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("greeting", _greeter->greet("dependent"));
            return HttpResponse::json(200, body);
        }, Dispatch::Inline);
    }
    void start() override { _journal.record("start"); }
    void stop() override { _journal.record("stop"); }

private:
    Journal _journal;
    std::shared_ptr<GreeterService> _greeter;
};

}  // namespace sockstream::testplugins

SOCKSTREAM_PLUGIN(sockstream::testplugins::DependentPlugin)
