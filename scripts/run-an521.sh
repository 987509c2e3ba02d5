#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Boot the an521 images in QEMU mps2-an521 with UART0 on this terminal.
# usage: scripts/run-an521.sh BINDIR [QEMU-ARGS...]
#   AN521_HUK=FILE  load FILE (a provisioning blob: "CAIHUK01" + 32 HUK bytes)
#                   into the secure provisioning region at 0x101fe000
# Semihosting carries the exit status (`exit` in the shell) and the
# emulation's entropy. -nographic would lose input piped in before the guest
# is ready, so the serial port is stdio and the monitor is off (Ctrl-C
# ends QEMU).
set -eu
bin=${1:?usage: run-an521.sh BINDIR [QEMU-ARGS...]}
shift
set -- -M mps2-an521 -display none -monitor none -serial stdio \
  -semihosting-config enable=on,target=native \
  -kernel "$bin/cai-s.elf" -device "loader,file=$bin/cai-ns.elf" "$@"
if [ -n "${AN521_HUK:-}" ]; then
  set -- "$@" -device "loader,file=$AN521_HUK,addr=0x101fe000,force-raw=on"
fi
exec qemu-system-arm "$@"
