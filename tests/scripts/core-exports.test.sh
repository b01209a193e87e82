#!/usr/bin/env bash
# The core library exports the SDK and the executable's entry only: built with
# hidden visibility, its dynamic symbol table must hold no internal class of
# namespace sockstream::core except SockStreamApp, and must hold what the SDK
# defines out of line (sockstream/Export.h).
#
#   tests/scripts/core-exports.test.sh <path to libsockstream.so>
set -uo pipefail
library=${1:?usage: $0 <libsockstream.so>}
exports=$(nm -D --defined-only -C "$library" | sed -E 's/^[0-9a-f]+ [A-Za-z] //')
status=0

# A symbol's own name, not its template arguments or parameters: a Boost template
# instantiated for a core lambda is Boost's symbol (weak, and harmless).
own_names=$(perl -pe '1 while s/<[^<>]*>//g; 1 while s/\([^()]*\)//g' <<<"$exports")
internal=$(grep -E '(^|[ ])sockstream::core::' <<<"$own_names" | grep -vE 'sockstream::core::SockStreamApp(::|$|\b)' | head -20)
if [ -n "$internal" ]; then
    echo "not ok - libsockstream.so exports the core's internals (mark only SDK declarations SOCKSTREAM_API):"
    sed 's/^/    /' <<<"$internal"
    status=1
else
    echo "ok - no internal symbol of sockstream::core is exported but SockStreamApp"
fi

for symbol in 'sockstream::HttpResponse::json(' 'sockstream::HttpRequest::header' 'sockstream::JsonBody::JsonBody(' \
              'sockstream::SealedBytes::copyOf(' 'sockstream::WebSocketAudience::sendText(' 'sockstream::sendTextToAll(' \
              'sockstream::secureRandomToken' 'sockstream::core::SockStreamApp::'; do
    if grep -qF -- "$symbol" <<<"$exports"; then
        echo "ok - exports $symbol"
    else
        echo "not ok - does not export $symbol"
        status=1
    fi
done
count=$(wc -l <<<"$exports")
echo "# $count exported symbols"
exit $status
