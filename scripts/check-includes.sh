#!/usr/bin/env bash
# Layering guard: a plugin includes only the SDK (core/include/sockstream/...),
# the shared library tier (libs/<name>/include/sockstream-<name>/...), its own
# files and system headers; a library never includes core/src or a plugin.
# Prints every offending line and exits non-zero when there is one.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
libs=$(ls -d libs/*/include/sockstream-* 2>/dev/null | sed 's|.*/include/||' | sort -u)

is_shared_header() {  # sockstream/... or sockstream-<lib>/... that exists in the tree
  local header=$1
  [[ $header == sockstream/* && -e core/include/$header ]] && return 0
  [[ $header == sockstream/plugin/AbiHash.h ]] && return 0  # generated at configure time
  local lib
  for lib in $libs; do
    [[ $header == "$lib"/* ]] && ls libs/*/include/"$header" >/dev/null 2>&1 && return 0
  done
  return 1
}

check_tree() {  # <root> <description>: every quoted include stays inside <root> or is shared
  local root=$1 what=$2 file line header resolved
  while IFS= read -r file; do
    while IFS= read -r line; do
      header=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"$line")
      if is_shared_header "$header"; then continue; fi
      if [[ $line =~ \< ]]; then
        # System headers are fine; the SDK or a library named with <> must exist like above.
        if [[ $header == sockstream/* || $header == sockstream-*/* ]]; then
          echo "$file: includes <$header>, which is neither an SDK nor a libs/ header"; status=1
        fi
        continue
      fi
      # A quoted include resolves next to the file or from the root's src/ or include/ directory.
      resolved=""
      for base in "$(dirname "$file")" "$root/src" "$root/include" "$root"; do
        if [[ -e $base/$header ]]; then resolved=$(realpath -m "$base/$header"); break; fi
      done
      if [[ -z $resolved ]]; then
        echo "$file: includes \"$header\", which is not in $what, the SDK or libs/"; status=1
      elif [[ $resolved != "$(realpath -m "$root")"/* ]]; then
        echo "$file: includes \"$header\" from outside $what ($resolved)"; status=1
      fi
    done < <(grep -E '^[[:space:]]*#[[:space:]]*include' "$file")
  done < <(find "$root" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' \))
}

for plugin in plugins/*/; do
  check_tree "${plugin%/}" "the plugin ${plugin%/}"
done
for lib in libs/*/; do
  check_tree "${lib%/}" "the library ${lib%/}"
done

# The core names no plugin: no include of plugins/ from core/.
if grep -rnE '#[[:space:]]*include[[:space:]]*"[^"]*plugins/' core/ ; then
  echo "core/ includes a plugin header"; status=1
fi

[[ $status == 0 ]] && echo "check-includes: plugins include only the SDK, libs/ and their own files"
exit $status
