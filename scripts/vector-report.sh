#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Prints, from a CTest log (Testing/Temporary/LastTest.log), what each test
# against an independent reference ran: its run/passed/skipped counts and the
# reason of every skip. CTest shows a passing test's output only in that log,
# so without this the CI log would not say how many vectors were checked.
# usage: vector-report.sh LASTTEST_LOG
set -eu
log=$1
[ -f "$log" ] || { echo "vector-report: no $log" >&2; exit 1; }
echo "== vectors, oracles and golden data: counts from this run =="
awk '
  /^[0-9]+\/[0-9]+ Testing: / { name = $3; shown = 0; next }
  name ~ /(vectors|wycheproof|oracle|golden|decoded|cai_model|e2e)/ {
    if ($0 ~ /(run [0-9]+ \/ passed [0-9]+|^[0-9]+ passed|passed, [0-9]+ skipped|^ *skipped:|^SKIPPED \[|[0-9]+\/[0-9]+ (match|bit-exact|activation|cases|mismatch|tensors|ops|models|differ))|[0-9]+ rows, [0-9]+ mismatches|^[0-9]+ models,|^[0-9]+ layers|differ from/) {
      if (!shown) { print name ":"; shown = 1 }
      line = $0
      sub(/^SKIPPED \[[0-9]+\] [^:]*:[0-9]+: /, "  skipped: ", line)
      print "  " line
    }
  }
' "$log"
