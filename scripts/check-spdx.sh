#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every source file of the tree (C, Python, shell, CMake, Makefile) names its
# licence in an SPDX line near its top. Exit 1 and list the files that do not.
set -u
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files '*.c' '*.h' '*.py' '*.sh' '*.cmake' '*CMakeLists.txt' Makefile .ci/run)
else
  files=$(find . -path ./build\* -prune -o \( -name '*.[ch]' -o -name '*.py' -o -name '*.sh' \
          -o -name '*.cmake' -o -name CMakeLists.txt -o -name Makefile \) -print | sort)
fi
bad=0
n=0
for f in $files; do
  n=$((n + 1))
  if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: Apache-2.0'; then
    echo "no SPDX line: $f"
    bad=$((bad + 1))
  fi
done
echo "$((n - bad)) of $n source files carry an SPDX line"
[ "$bad" -eq 0 ]
