#pragma once

#include <Poco/Data/PostgreSQL/Binder.h>
#include <Poco/Data/PostgreSQL/Extractor.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/PostgreSQL/StatementExecutor.h>
#include <Poco/Data/StatementImpl.h>

namespace sockstream::core {

/// Poco's PostgreSQL statement, built from the connector's public parts, that
/// prepares the portable `?` form of a statement (see toPostgresPlaceholders).
/// Poco's own PostgreSQLStatementImpl keeps its executor private and prepares
/// the SQL text verbatim, so it cannot be reused with a rewritten text.
class PortablePostgresStatement : public Poco::Data::StatementImpl {
public:
    explicit PortablePostgresStatement(Poco::Data::PostgreSQL::SessionImpl& session);

protected:
    std::size_t columnsReturned() const override;
    int affectedRowCount() const override;
    const Poco::Data::MetaColumn& metaColumn(std::size_t position) const override;
    bool hasNext() override;
    std::size_t next() override;
    bool canBind() const override;
    bool canCompile() const override;
    void compileImpl() override;
    void bindImpl() override;
    Poco::Data::AbstractExtractor::Ptr extractor() override;
    Poco::Data::AbstractBinder::Ptr binder() override;

private:
    enum class Row { Unknown, Available, Exhausted };

    Poco::Data::PostgreSQL::StatementExecutor _executor;
    Poco::Data::PostgreSQL::Binder::Ptr _binder;
    Poco::Data::PostgreSQL::Extractor::Ptr _extractor;
    Row _row = Row::Unknown;
};

}  // namespace sockstream::core
