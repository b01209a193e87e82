#!/usr/bin/env bash
# Tests scripts/check-layering.sh on temporary copies of the tree: the copy as
# it is passes, and each deliberate violation (one per copy) fails with a line
# naming it. Plugins and files are made up in the copy, so the test does not
# depend on which plugins exist today beyond two of them.
#
#   tests/scripts/check-layering.test.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# A fresh copy of what the check reads (tracked and new files, no build output).
fresh_copy() {
    rm -rf "$work/tree" && mkdir -p "$work/tree"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard -- core plugins tests/plugins tests/mocks scripts libs |
        xargs -0 -r tar -cf - 2>/dev/null) | tar -xf - -C "$work/tree"
    # tracked files deleted in the worktree but not yet committed are skipped by tar; that is fine.
}
mapfile -t plugin_names < <(cd "$root/plugins" && for d in */; do echo "${d%/}"; done)
a=${plugin_names[0]}
b=${plugin_names[1]}

# expect <pass|fail> <name> [text the output must contain]; runs the check on the copy.
expect() {
    local want=$1 name=$2 text=${3:-} out rc
    out=$("$work/tree/scripts/check-layering.sh" "$work/tree" 2>&1); rc=$?
    local ok=1
    if [ "$want" = pass ] && [ $rc -ne 0 ]; then ok=0; fi
    if [ "$want" = fail ] && [ $rc -eq 0 ]; then ok=0; fi
    if [ -n "$text" ] && [[ "$out" != *"$text"* ]]; then ok=0; fi
    if [ $ok = 1 ]; then
        echo "ok - $name"; passed=$((passed + 1))
    else
        echo "not ok - $name (exit $rc, expected to $want${text:+ with \"$text\"})"; echo "$out" | sed 's/^/    /'
        failures=$((failures + 1))
    fi
}
probe() { mkdir -p "$(dirname "$work/tree/$1")" && printf '%s\n' "${@:2}" > "$work/tree/$1"; }

fresh_copy
expect pass "the tree as it is passes"

fresh_copy
probe "plugins/$a/src/LayeringProbe.cpp" '#include "util/Text.h"'
expect fail "a plugin including the core's internals through an include path fails" \
    "plugins/$a/src/LayeringProbe.cpp:1: #include util/Text.h: the core's internals"

fresh_copy
probe "plugins/$a/src/LayeringProbe.cpp" '#include "../../../core/src/util/Text.h"'
expect fail "a plugin reaching the core's internals through ../ fails" "reaches core/src/util/Text.h"

fresh_copy
probe "plugins/$b/src/OnlyIn${b//-/}.h" '#pragma once'
probe "plugins/$a/src/LayeringProbe.cpp" "#include \"OnlyIn${b//-/}.h\""
expect fail "a plugin including another plugin's header fails" "another plugin's file (plugins/$b/src/OnlyIn${b//-/}.h)"

fresh_copy
probe "plugins/$b/src/OnlyIn${b//-/}.h" '#pragma once'
probe "plugins/$a/src/LayeringProbe.cpp" "#include \"../../$b/src/OnlyIn${b//-/}.h\""
expect fail "a plugin including another plugin's header through ../ fails" "another plugin's file"

fresh_copy
probe "tests/plugins/$a/LayeringProbeTest.cpp" "#include \"plugins/$b/src/Anything.h\""
expect fail "a plugin's tests including another plugin fail" "another plugin's file"

fresh_copy
probe "plugins/$a/src/LayeringProbe.cpp" '#include "sockstream/NoSuchHeader.h"'
expect fail "a plugin including a sockstream/ header the SDK does not have fails" "no such SDK header"

fresh_copy
echo 'target_include_directories(probe PRIVATE ${PROJECT_SOURCE_DIR}/core/src)' >> "$work/tree/plugins/$a/CMakeLists.txt"
expect fail "a plugin's CMake reaching into core/src fails" "names core/src"

fresh_copy
probe "libs/text/include/sockstream/text/Utf8Probe.h" '#pragma once'
probe "plugins/$a/src/LayeringProbe.cpp" '#include "sockstream/text/Utf8Probe.h"' '#include "libs/text/include/sockstream/text/Utf8Probe.h"' \
    '#include "sockstream/http/HttpRouter.h"' '#include <string>'
expect pass "a plugin including the SDK, the shared tier and the standard library passes"

fresh_copy
probe "libs/text/src/Probe.cpp" '#include "util/Text.h"'
expect fail "the shared tier including the core's internals fails" "the shared tier includes only itself"

fresh_copy
probe "plugins/$b/src/OnlyIn${b//-/}.h" '#pragma once'
probe "core/src/app/LayeringProbe.cpp" "#include \"OnlyIn${b//-/}.h\""
expect fail "the core including a plugin's header fails" "core/src/app/LayeringProbe.cpp:1: #include OnlyIn${b//-/}.h: a plugin's file"

fresh_copy
probe "core/include/sockstream/util/LayeringProbe.h" '#pragma once' '#include <boost/asio/io_context.hpp>'
expect fail "a Boost header in the SDK fails" "Boost in the SDK"

fresh_copy
probe "core/src/app/LayeringProbe.cpp" "const char* kPlugin = \"$a\";"
expect fail "the core naming a plugin in a string literal fails" "names \"$a\" in code"

fresh_copy
probe "core/src/app/LayeringProbe.cpp" 'const char* kUrl = "/live/x/index.m3u8";'
expect fail "the core naming a protocol fact a plugin owns fails" "names .m3u8 in code"

fresh_copy
probe "core/src/app/LayeringProbe.cpp" "// Plugins such as \"$a\" serve /hls/ and rtmp:// URLs." '/* NetStream.Publish.BadName */' \
    'const char* kUrl = "https://example.org/";  // not a comment start inside the literal'
expect pass "comments may mention plugins and protocols"

fresh_copy
probe "core/include/sockstream/plugin/LayeringProbe.h" '#pragma once' 'struct Probe { int rtmpPort = 1935; };'
expect fail "the SDK naming a protocol in an identifier fails" "names the protocol rtmp in code"

fresh_copy
probe "core/src/config/LayeringProbe.cpp" 'auto port = env("SOCKSTREAM_SRT_PORT");'
expect fail "the core reading a protocol's environment variable fails" "names the protocol SRT in code"

fresh_copy
probe "core/src/app/LayeringProbe.cpp" 'const char* kWords = "(WebRTC in, HLS out)";'
expect fail "the core's wording naming a protocol fails" "names the protocol WebRTC in code"

fresh_copy
probe "core/src/app/LayeringProbe.cpp" '// rtmpPort and SOCKSTREAM_RTMP_PORT belong to the plugin.'     'int srtpProfile = 1;  // "srtp" is no protocol word of a plugin' 'bool flush = true; const char* kHlsless = "ahlsb";'
expect pass "comments and words that only contain a protocol's letters pass"

fresh_copy
echo "core/src/app/NoSuchFile.cpp names /hls/" >> "$work/tree/scripts/layering-known.txt"
expect fail "a known violation that is gone asks for its line to be removed" "remove its line"

echo "# $passed passed, $failures failed"
[ $failures -eq 0 ]
