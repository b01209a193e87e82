#include "data/PortablePostgresStatement.h"

#include <Poco/Data/PostgreSQL/PostgreSQLException.h>

#include "data/PostgresPlaceholders.h"

namespace sockstream::core {

using Poco::Data::PostgreSQL::StatementExecutor;

PortablePostgresStatement::PortablePostgresStatement(Poco::Data::PostgreSQL::SessionImpl& session)
    : Poco::Data::StatementImpl(session),
      _executor(session.handle()),
      _binder(new Poco::Data::PostgreSQL::Binder),
      _extractor(new Poco::Data::PostgreSQL::Extractor(_executor)) {}

std::size_t PortablePostgresStatement::columnsReturned() const { return _executor.columnsReturned(); }

int PortablePostgresStatement::affectedRowCount() const { return static_cast<int>(_executor.getAffectedRowCount()); }

const Poco::Data::MetaColumn& PortablePostgresStatement::metaColumn(std::size_t position) const {
    return _executor.metaColumn(position);
}

bool PortablePostgresStatement::hasNext() {
    if (_row == Row::Unknown) {
        if (columnsReturned() == 0) return false;
        _row = _executor.fetch() ? Row::Available : Row::Exhausted;
    }
    return _row == Row::Available;
}

std::size_t PortablePostgresStatement::next() {
    if (!hasNext()) throw Poco::Data::PostgreSQL::StatementException("no row to read");
    std::size_t column = 0;
    for (auto& extraction : extractions()) {
        extraction->extract(column);
        column += extraction->numOfColumnsHandled();
    }
    _row = Row::Unknown;
    return 1;
}

bool PortablePostgresStatement::canBind() const {
    if (_executor.state() < StatementExecutor::STMT_COMPILED || bindings().empty()) return false;
    return bindings().front()->canBind();
}

bool PortablePostgresStatement::canCompile() const { return _executor.state() < StatementExecutor::STMT_COMPILED; }

void PortablePostgresStatement::compileImpl() {
    std::string sql;
    try {
        sql = toPostgresPlaceholders(toString());
    } catch (const std::invalid_argument& error) {
        throw Poco::Data::PostgreSQL::StatementException(error.what());
    }
    _executor.prepare(sql);
}

void PortablePostgresStatement::bindImpl() {
    // Poco binds and runs in one step for PostgreSQL: the executor sends the values with the execute.
    std::size_t position = 0;
    for (auto& binding : bindings()) {
        if (!binding->canBind()) break;
        binding->bind(position);
        position += binding->numOfColumnsHandled();
    }
    _binder->updateBindVectorToCurrentValues();
    _executor.bindParams(_binder->bindVector());
    _executor.execute();
    _row = Row::Unknown;
}

Poco::Data::AbstractExtractor::Ptr PortablePostgresStatement::extractor() { return _extractor; }

Poco::Data::AbstractBinder::Ptr PortablePostgresStatement::binder() { return _binder; }

}  // namespace sockstream::core
