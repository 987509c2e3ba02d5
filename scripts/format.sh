#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The one code style (.clang-format) over every C file of the tree.
#   scripts/format.sh          rewrite the files in place
#   scripts/format.sh --check  list the files that differ; exit 1 if any does
set -u
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files '*.c' '*.h')
else
  files=$(find include lib spe nspe platform tools tests bench -name '*.[ch]' | sort)
fi
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format not found: apt-get install clang-format" >&2
  exit 1
fi
if [ "${1:-}" = --check ]; then
  bad=0
  for f in $files; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
      echo "not formatted: $f"
      bad=$((bad + 1))
    fi
  done
  n=$(echo "$files" | wc -w)
  echo "$((n - bad)) of $n C files follow .clang-format"
  [ "$bad" -eq 0 ]
else
  echo "$files" | xargs clang-format -i
fi
