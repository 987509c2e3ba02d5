#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Secure-side code allocates nothing after init (docs/design.md §7). This check is
# static and exact: no object of a secure-side library may even reference a
# heap function. (What mbedTLS does inside its own shared library on the host
# is outside this check: see docs/crypto.md.)
# usage: check_no_heap.sh CONTROL_LIB -- LIB...
# CONTROL_LIB is a host tool library known to allocate: if the check does not
# see its malloc, the check itself is broken and fails.
set -u
heap=' (malloc|calloc|realloc|free|posix_memalign|aligned_alloc|memalign|valloc|strdup|strndup)$'
control=$1; shift; shift
if ! nm -u "$control" | grep -Eq "$heap"; then
  echo "FAIL: the check cannot see heap calls in the control library $control"
  exit 1
fi
status=0
for lib in "$@"; do
  found=$(nm -u "$lib" | grep -E "$heap" | awk '{print $NF}' | sort -u | tr '\n' ' ')
  if [ -n "$found" ]; then
    echo "FAIL: $(basename "$lib") references: $found"
    status=1
  else
    echo "ok:   $(basename "$lib") references no heap function"
  fi
done
exit $status
