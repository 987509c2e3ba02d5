#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A partition sees the SPM only through cai/partition.h and psa/*.h: no file
# of a partition folder (spe/partitions/<name>/) includes the SPM's transport
# API (cai/spm.h, which takes any client id), its internals or the platform
# port (cai/spe_port.h). The exceptions for the port: the port hands out the
# HUK, the storage medium, the model images and the measurements, and only
# identity (device keys), storage (its sealing key, its backend), the
# inference partition's registry file (model images, boot memory; no other
# file of it) and attest (the measurements, the boot seed, the lifecycle)
# may use them (docs/spm.md). The manifest (spe/partitions/manifest.c) is image glue, not a
# partition, and is the one file there that includes cai/spm.h.
# usage: check_partition_includes.sh PARTITIONS_DIR
set -u
dir=$1
forbidden='#[[:space:]]*include[[:space:]]*"(cai/spm\.h|cai/spe_port\.h|spm_internal\.h)"'
spm_only='#[[:space:]]*include[[:space:]]*"(cai/spm\.h|spm_internal\.h)"'
# The control: the manifest must be seen to include cai/spm.h, or the
# pattern is broken.
if ! grep -Eq "$forbidden" "$dir/manifest.c"; then
  echo "FAIL: the check cannot see cai/spm.h included by $dir/manifest.c"
  exit 1
fi
status=0
n=0
for f in $(find "$dir" -mindepth 2 -name '*.[ch]' | sort); do
  n=$((n + 1))
  case "$f" in
    "$dir"/identity/* | "$dir"/storage/* | "$dir"/infer/infer_registry.c | "$dir"/attest/*) pattern=$spm_only ;;
    *) pattern=$forbidden ;;
  esac
  hits=$(grep -En "$pattern" "$f")
  if [ -n "$hits" ]; then
    echo "FAIL: $f: $hits"
    status=1
  fi
done
if [ "$n" -eq 0 ]; then
  echo "FAIL: no partition source found under $dir"
  exit 1
fi
[ $status -eq 0 ] && echo "ok:   $n partition files include no cai/spm.h, and cai/spe_port.h only in identity/, storage/, infer/infer_registry.c and attest/"
exit $status
