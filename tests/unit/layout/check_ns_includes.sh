#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An NS target cannot include an SPE header: build each probe object of
# tests/unit/layout and check that the control compiles and that every other
# probe fails on exactly the SPE header it includes (not on something else).
# usage: check_ns_includes.sh BUILD_DIR NAME=ok|NAME=HEADER...
set -u
build=$1; shift
status=0
for spec in "$@"; do
  name=${spec%%=*}
  want=${spec#*=}
  out=$(cmake --build "$build" --target "layout_probe_ns_$name" 2>&1)
  rc=$?
  if [ "$want" = ok ]; then
    if [ $rc -eq 0 ]; then
      echo "ok:   the NS control probe compiles"
    else
      echo "FAIL: the NS control probe does not compile:"
      echo "$out"
      status=1
    fi
  elif [ $rc -eq 0 ]; then
    echo "FAIL: an NS target compiled with #include \"$want\""
    status=1
  elif echo "$out" | grep -q "$want: No such file"; then
    echo "ok:   an NS target cannot include $want"
  else
    echo "FAIL: probe $name failed, but not on $want:"
    echo "$out"
    status=1
  fi
done
exit $status
