#!/usr/bin/env bash
# Layering guard, cheap enough to run before anything is built (scripts/test.sh
# runs it first). Fails, naming file and line, when
#   - a plugin (plugins/<name>/) includes a header that is neither its own, nor
#     the SDK (core/include), nor the shared tier (libs/*/include, or a "libs/..."
#     path): the core's internals (core/src) and other plugins' files are out of
#     bounds, also through "../"; its tests (tests/plugins/<name>/) may use the
#     core's internals, but no other plugin either;
#   - a plugin's CMake files reach into core/src or another plugin's folder;
#   - the shared tier (libs/) includes the core's internals or a plugin;
#   - the core (core/) includes a plugin's file or its CMake files name plugins/;
#   - the SDK (core/include) includes Boost, which the ABI signature does not cover;
#   - the core's code (comments left out) names a plugin: a string literal that
#     is a plugin's name or library (libsockstream-<name>), or a protocol fact
#     only its plugin may know: "/hls/", "rtmp://", ".m3u8", "NetStream.";
#   - the core's code or the SDK's (comments left out, strings kept) names a
#     protocol as a word: an identifier, key, variable or message with RTMP,
#     HLS, SRT, WHIP, WHEP, RTSP, FLV or WebRTC in it ("rtmpPort",
#     "SOCKSTREAM_RTMP_PORT", "rtmpPublicUrl", "(RTMP in, HLS out)"). A protocol's
#     port, path or wording is its plugin's; the core offers neutral means
#     (PluginContext::configOverride, declareIngest) instead.
# Violations known when the guard was introduced are listed in
# scripts/layering-known.txt; each still present is reported as known, and an
# entry that no longer matches fails too, so the list only ever shrinks.
#
#   scripts/check-layering.sh [root]     root: the checkout to check (default: this one)
set -uo pipefail
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
cd "$root"
known_file=scripts/layering-known.txt
[ -f "$root/$known_file" ] || known_file=/dev/null

violations=()
violation() { violations+=("$1"); }

sources() { find "$@" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' -o -name '*.ipp' \) 2>/dev/null | sort; }
# "file<TAB>line<TAB>quote<TAB>path" for every #include "path" or #include <path>
# in the files given (quote: " or <); read it with read_include.
includes() {
    [ $# -gt 0 ] || return 0
    grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$@" |
        sed -E 's/^([^:]+):([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"])([^>"]+)[>"].*/\1\t\2\t\3\t\4/'
}
# Reads one line of includes() into file, line, quote, inc and where (for messages).
read_include() {
    IFS=$'\t' read -r file line quote inc || return 1
    where="$file:$line: #include $inc"
}
# Every source file under every path suffix it can be included by ("c.h", "b/c.h",
# "a/b/c.h" for a/b/c.h), so a lookup costs no process.
declare -A by_suffix=()
while IFS= read -r path; do
    suffix=$path
    while :; do
        by_suffix[$suffix]+="$path "
        [[ "$suffix" == */* ]] || break
        suffix=${suffix#*/}
    done
done < <(sources core plugins tests/plugins tests/mocks libs)
# found_under <inc> <folder>...: sets `found` to the first file under one of the
# folders whose path ends with /<inc> (or is <inc>); returns whether there is one.
found_under() {
    local inc=$1 path area; shift
    found=""
    for path in ${by_suffix[$inc]:-}; do
        for area in "$@"; do
            if [[ "$path" == "$area/"* ]]; then found=$path; return 0; fi
        done
    done
    return 1
}
# relative_target <dir> <inc>: sets `target` to the file <inc> names when read
# from the folder <dir> (both relative to the root); returns whether it exists.
relative_target() {
    local -a parts=() out=()
    local part
    IFS=/ read -ra parts <<<"$1/$2"
    for part in "${parts[@]}"; do
        case "$part" in
            ''|.) ;;
            ..) if [ ${#out[@]} -gt 0 ] && [ "${out[-1]}" != .. ]; then unset 'out[-1]'; else out+=(..); fi ;;
            *) out+=("$part") ;;
        esac
    done
    target=""
    for part in "${out[@]}"; do target+="${target:+/}$part"; done
    [ -f "$target" ]
}
in_sdk() {
    local inc=$1 dir
    [ "$inc" = sockstream/plugin/AbiHash.h ] && return 0   # generated from core/AbiHash.h.in
    [ -f "core/include/$inc" ] && return 0
    for dir in libs/*/include; do [ -f "$dir/$inc" ] && return 0; done
    return 1
}
# code_matching <pattern> <file>...: "file:line:text" for each line of code matching
# the (Perl) pattern, with comments left out and string literals left whole, so
# "rtmp://" is not taken for the start of a comment.
code_matching() {
    local pattern=$1; shift
    [ $# -gt 0 ] || return 0
    PATTERN=$pattern perl -0777 -ne '
        s{("(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)|/\*.*?\*/|//[^\n]*}{defined $1 ? $1 : "\n" x ($& =~ tr/\n//)}gse;
        my $n = 0;
        for my $line (split /\n/, $_, -1) { $n++; print "$ARGV:$n:$1\n" if $line =~ /($ENV{PATTERN})/; }' "$@"
}

plugin_names=()
for dir in plugins/*/; do [ -d "$dir" ] && plugin_names+=("$(basename "$dir")"); done

# --- plugins include only their own files, the SDK and the shared tier ---
# A plugin's tests (tests/plugins/<name>) may also use the core's internals and
# mocks (a real database, say), but never another plugin.
for name in "${plugin_names[@]}"; do
    others=()
    for other in "${plugin_names[@]}"; do
        [ "$other" = "$name" ] || others+=("plugins/$other" "tests/plugins/$other")
    done
    for tree in "plugins/$name" "tests/plugins/$name"; do
        [ -d "$tree" ] || continue
        own=("plugins/$name" "tests/plugins/$name")
        shipping=0; [ "$tree" = "plugins/$name" ] && shipping=1
        mapfile -t files < <(sources "$tree")
        while read_include; do
            # Read relative to the including file first, as the compiler does.
            if [ "$quote" = '"' ] && relative_target "${file%/*}" "$inc"; then
                case "$target" in
                    plugins/$name/*|tests/plugins/$name/*|core/include/*|libs/*/include/*) continue ;;
                    plugins/*|tests/plugins/*)
                        violation "$where: reaches $target, another plugin's file; plugins never include each other"; continue ;;
                    *) [ $shipping = 1 ] && violation "$where: reaches $target, outside plugin $name, the SDK and the shared tier"
                       continue ;;
                esac
            fi
            case "$inc" in
                sockstream/*)
                    in_sdk "$inc" || violation "$where: no such SDK header in core/include (or libs/*/include)"
                    continue ;;
                libs/*|core/include/*) continue ;;
                core/*) [ $shipping = 1 ] && violation "$where: the core's internals; plugins include only core/include"
                        continue ;;
                plugins/$name/*) continue ;;
                plugins/*) violation "$where: another plugin's file; plugins never include each other"; continue ;;
            esac
            # Found through an include directory: the plugin's own files first.
            found_under "$inc" "${own[@]}" && continue
            if [ $shipping = 1 ] && [ -f "core/src/$inc" ]; then
                violation "$where: the core's internals (core/src/$inc); plugins include only core/include"
            elif found_under "$inc" "${others[@]}"; then
                violation "$where: another plugin's file ($found); plugins never include each other"
            fi
        done < <(includes "${files[@]}")

        # CMake: include directories and sources from the core's internals or another plugin.
        while IFS= read -r hit; do
            file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; text=${rest#*:}
            if [ $shipping = 1 ] && [[ "$text" == *core/src* ]]; then
                violation "$file:$line: names core/src; plugins build against the SDK only"
            fi
            for other in "${plugin_names[@]}"; do
                [ "$other" = "$name" ] && continue
                if [[ "$text" =~ plugins/$other(/|[^-A-Za-z0-9_]|$) ]]; then
                    violation "$file:$line: names plugins/$other; plugins never use each other"
                fi
            done
        done < <(find "$tree" -type f \( -name CMakeLists.txt -o -name '*.cmake' \) -exec grep -HnE 'core/src|plugins/' {} + 2>/dev/null)
    done
done

# --- the shared tier stands below the core and the plugins ---
if [ -d libs ]; then
    mapfile -t lib_files < <(sources libs)
    while read_include; do
        if [ "$quote" = '"' ] && relative_target "${file%/*}" "$inc"; then
            [[ "$target" == libs/* ]] || violation "$where: reaches $target; the shared tier includes only itself"
            continue
        fi
        case "$inc" in
            core/src/*|plugins/*) violation "$where: the shared tier includes only itself"; continue ;;
        esac
        found_under "$inc" libs && continue
        if [ -f "core/src/$inc" ]; then
            violation "$where: the core's internals (core/src/$inc); the shared tier includes only itself"
        elif found_under "$inc" plugins; then
            violation "$where: a plugin's file ($found); the shared tier includes only itself"
        fi
    done < <(includes "${lib_files[@]}")
fi

# --- the core includes no plugin and its CMake files name none ---
mapfile -t core_files < <(sources core)
while read_include; do
    if [ "$quote" = '"' ] && relative_target "${file%/*}" "$inc"; then
        case "$target" in
            core/*|libs/*) continue ;;
            *) violation "$where: reaches $target; the core includes only itself and the shared tier"; continue ;;
        esac
    fi
    case "$inc" in
        plugins/*) violation "$where: a plugin's file; the core names no plugin"; continue ;;
    esac
    { [ -f "core/src/$inc" ] || in_sdk "$inc"; } && continue
    if found_under "$inc" plugins tests/plugins; then
        violation "$where: a plugin's file ($found); the core names no plugin"
    fi
done < <(includes "${core_files[@]}")
while IFS= read -r hit; do
    file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}
    violation "$file:$line: names plugins/; the core builds without any plugin"
done < <(find core -type f \( -name CMakeLists.txt -o -name '*.cmake' -o -name '*.in' \) -exec grep -HnE 'plugins/' {} + 2>/dev/null)

# --- no Boost type in the SDK: the ABI signature (sockstream/plugin/Abi.h) does not
# name Boost's version, so plugins may use another Boost only while this holds ---
mapfile -t sdk_headers < <(sources core/include)
while read_include; do
    case "$inc" in
        boost/*|asio/*|asio.hpp) violation "$where: Boost in the SDK; add Boost's version to the ABI signature first" ;;
    esac
done < <(includes "${sdk_headers[@]}")

# --- the core's code names no plugin and no protocol fact a plugin owns ---
# The SDK (core/include) may name the services plugins provide ("chat" is a
# service any plugin could offer); the core's implementation names none of them.
names_pattern=""
for name in "${plugin_names[@]}"; do
    quoted=$(printf '%s' "$name" | sed 's/[].[\*^$+?(){}|]/\\&/g')
    names_pattern+="${names_pattern:+|}\"$quoted\"|libsockstream-$quoted"
done
facts_pattern='/hls/|rtmp://|\.m3u8|NetStream\.'
mapfile -t impl_files < <(sources core/src)
while IFS= read -r hit; do
    file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; match=${rest#*:}
    violation "$file:$line: names $match in code; only its plugin may know it"
done < <(code_matching "$facts_pattern" "${sdk_headers[@]}"
         code_matching "$facts_pattern${names_pattern:+|$names_pattern}" "${impl_files[@]}")
# A protocol as a word of an identifier or string: at a word start or a camelCase
# hump ("rtmpPort", "SOCKSTREAM_RTMP_PORT"), not inside another word ("srtp" is not SRT).
protocol_words='rtmps?|Rtmps?|RTMPS?|hls|Hls|HLS|srt|Srt|SRT|whip|Whip|WHIP|whep|Whep|WHEP|rtsp|Rtsp|RTSP|flv|Flv|FLV|webrtc|WebRtc|WebRTC|WEBRTC'
protocols_pattern="(?:(?<![A-Za-z])|(?<=[a-z]))(?:$protocol_words)(?![a-z])"
while IFS= read -r hit; do
    file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; match=${rest#*:}
    violation "$file:$line: names the protocol $match in code; the core is protocol-neutral, only its plugin may know it"
done < <(code_matching "$protocols_pattern" "${sdk_headers[@]}" "${impl_files[@]}")

# --- report, with the known list as a ratchet ---
mapfile -t known < <(grep -vE '^[[:space:]]*(#|$)' "$known_file")
status=0
for v in "${violations[@]}"; do
    listed=0
    for entry in "${known[@]}"; do
        # An entry: <file> <text the message contains>, so line numbers may move.
        entry_file=${entry%% *}; entry_text=${entry#* }
        if [[ "$v" == "$entry_file:"* && "$v" == *"$entry_text"* ]]; then listed=1; break; fi
    done
    if [ $listed = 1 ]; then
        echo "layering: known (scripts/layering-known.txt): $v"
    else
        echo "layering: $v" >&2
        status=1
    fi
done
for entry in "${known[@]}"; do
    entry_file=${entry%% *}; entry_text=${entry#* }
    still=0
    for v in "${violations[@]}"; do
        if [[ "$v" == "$entry_file:"* && "$v" == *"$entry_text"* ]]; then still=1; break; fi
    done
    if [ $still = 0 ]; then
        echo "layering: fixed, remove its line from scripts/layering-known.txt: $entry" >&2
        status=1
    fi
done
if [ $status = 0 ]; then
    echo "layering: plugins include only the SDK and the shared tier; the core names no plugin"
fi
exit $status
