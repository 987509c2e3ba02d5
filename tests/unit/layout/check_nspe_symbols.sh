#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# No non-secure object reaches into the SPE's own API: no NS library or
# program defines or references an SPM function (cai_spm_*), an SPE port hook
# (cai_spe_port_*) or a PSA service-side call (psa_read, psa_write, ...).
# usage: check_nspe_symbols.sh CONTROL_LIB -- FILE...
# CONTROL_LIB is the SPM library: if the check does not see its symbols, the
# check itself is broken and fails.
set -u
spe=' (cai_spm_[a-z_]*|cai_spe_port_[a-z_]*|psa_read|psa_skip|psa_write|psa_get|psa_reply|psa_set_rhandle|psa_wait|psa_eoi|psa_panic)$'
control=$1; shift; shift
if ! nm "$control" | grep -Eq "$spe"; then
  echo "FAIL: the check cannot see SPE symbols in the control library $control"
  exit 1
fi
status=0
for f in "$@"; do
  found=$(nm "$f" 2>/dev/null | grep -E "$spe" | awk '{print $NF}' | sort -u | tr '\n' ' ')
  if [ -n "$found" ]; then
    echo "FAIL: $(basename "$f") reaches the SPE: $found"
    status=1
  else
    echo "ok:   $(basename "$f") has no SPE symbol"
  fi
done
exit $status
