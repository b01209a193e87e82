#include "data/PortablePostgresConnector.h"

#include <mutex>

#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/SessionFactory.h>

#include "data/PortablePostgresStatement.h"

namespace sockstream::core {

namespace {

class PortablePostgresSession : public Poco::Data::PostgreSQL::SessionImpl {
public:
    using Poco::Data::PostgreSQL::SessionImpl::SessionImpl;

    Poco::Data::StatementImpl::Ptr createStatementImpl() override { return new PortablePostgresStatement(*this); }
};

}  // namespace

const std::string PortablePostgresConnector::kName = "sockstream-postgresql";

Poco::Data::SessionImpl::Ptr PortablePostgresConnector::createSession(const std::string& connectionString,
                                                                       std::size_t timeout) {
    return new PortablePostgresSession(connectionString, timeout);
}

void PortablePostgresConnector::registerOnce() {
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SessionFactory::instance().add(new PortablePostgresConnector); });
}

}  // namespace sockstream::core
