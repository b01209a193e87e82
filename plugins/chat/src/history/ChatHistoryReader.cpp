#include "history/ChatHistoryReader.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "logic/HistoryRange.h"
#include "sockstream/data/Database.h"

using namespace Poco::Data::Keywords;

namespace sockstream::chat {

void ChatHistoryReader::migrate() {
    // seq after created_at: messages of one millisecond come in the order they
    // were accepted, straight from the index, without a sort.
    _database.migrate(kMigrationComponent,
                      {{1, "chat history by time", std::string("CREATE INDEX ") + kIndexName +
                                                       " ON chat_messages (room_id, created_at, seq)"}});
}

HistoryPage ChatHistoryReader::read(const std::string& roomId, const HistoryRange& range) {
    Poco::Data::Session session = _database.session();
    std::string room = roomId;
    Poco::Int64 from = range.fromMs;
    Poco::Int64 to = range.toMs;
    // One row more than asked tells whether the window holds more.
    int count = static_cast<int>(range.limit) + 1;
    Poco::Data::Statement select(session);
    select << "SELECT id, user_id, user_name, text, created_at FROM chat_messages"
              " WHERE room_id = ? AND created_at >= ? AND created_at < ?"
              " ORDER BY created_at, seq LIMIT ?",
        use(room), use(from), use(to), use(count);
    select.execute();
    Poco::Data::RecordSet rows(select);
    HistoryPage page;
    for (bool next = rows.moveFirst(); next; next = rows.moveNext()) {
        if (page.messages.size() == range.limit) {
            page.more = true;
            break;
        }
        ChatMessage m;
        m.id = rows.value(0).convert<std::string>();
        m.roomId = roomId;
        m.user.id = rows.value(1).convert<std::string>();
        m.user.name = rows.value(2).convert<std::string>();
        m.text = rows.value(3).convert<std::string>();
        m.ts = rows.value(4).convert<std::int64_t>();
        page.messages.push_back(std::move(m));
    }
    return page;
}

}  // namespace sockstream::chat
