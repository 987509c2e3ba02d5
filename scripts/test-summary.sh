#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sums the CTest results of the `make test` stages into one closing line:
# "total: N passed, N failed, N skipped".
# usage: test-summary.sh LOG...   (each LOG is one stage's ctest output)
set -eu
passed=0; failed=0; skipped=0
for log in "$@"; do
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "test-summary: no CTest result in $log" >&2
    exit 1
  fi
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  t=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
  s=$(grep -cE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$log" || true)
  passed=$((passed + t - f - s)); failed=$((failed + f)); skipped=$((skipped + s))
done
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
