#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# No PSA function of an SPE image comes from a shared library: each image
# defines the psa_* functions it uses (the SPM's client and service API, the
# protected-storage client). A psa_* symbol left undefined for the dynamic
# linker would be taken from whichever library exports it first, e.g.
# libmbedcrypto.so's own psa_its_* file store.
# usage: check_spe_psa_symbols.sh IMAGE...
set -u
status=0
for image in "$@"; do
  if ! nm "$image" | grep -Eq ' T psa_its_get_info$'; then
    echo "FAIL: $(basename "$image") does not define psa_its_get_info itself"
    status=1
  fi
  dyn=$(nm -D --undefined-only "$image" | awk '{print $NF}' | grep -E '^psa_' | tr '\n' ' ')
  if [ -n "$dyn" ]; then
    echo "FAIL: $(basename "$image") takes from a shared library: $dyn"
    status=1
  else
    echo "ok:   $(basename "$image") defines every psa_* function it calls"
  fi
done
exit $status
