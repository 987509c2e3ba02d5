#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Make sure the Debian packages cai needs are installed. As root it installs
# what is missing with apt-get; otherwise it prints the exact command and fails.
# usage: scripts/deps.sh [run|install|test|fuzz|target]
set -eu

what=${1:-run}
pkgs="build-essential cmake pkg-config libmbedtls-dev libssl-dev libedit-dev openssl"
case "$what" in
  run) ;;
  install)  # man pages (help2man)
    pkgs="$pkgs help2man" ;;
  test|fuzz|bench)
    # help2man, man-db: man pages made and rendered; systemd: systemd-analyze
    # verify of the units (tests/pkg); strace: the unit's sandbox holds what
    # cai-spe calls (tests/e2e/test_unit_sandbox.py)
    pkgs="$pkgs libcmocka-dev python3 python3-pytest python3-cbor2 python3-cryptography python3-ecdsa \
          clang clang-format libclang-rt-dev valgrind help2man man-db systemd strace" ;;
  target)
    pkgs="$pkgs gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm" ;;
  *) echo "deps.sh: unknown set '$what'" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "cai: installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "cai: missing Debian packages:$missing" >&2
  echo "cai: install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
