#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Make sure the Debian packages cai needs are installed. As root it installs
# what is missing with apt-get; otherwise it prints the exact command and fails.
# usage: scripts/deps.sh [run|install|test|fuzz|target]
#   target: also the Arm toolchain and QEMU (the an521 images), and mbedTLS's
#           Debian source package unpacked in .deps/ (CAI_DEPS_DIR), which the
#           secure image builds with the project's own config.
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
# mbedTLS from Debian's source package (the same version as libmbedtls-dev),
# for the an521 secure image. apt-get source needs deb-src entries: when none
# exist they are made from the deb entries already configured (same mirrors).
fetch_mbedtls_source() {
  dir=${CAI_DEPS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.deps}
  [ -f "$dir/mbedtls/include/mbedtls/version.h" ] && return 0
  mkdir -p "$dir"
  if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "cai: no deb-src entry for 'apt-get source mbedtls'; add one (as root) and rerun" >&2
      exit 1
    fi
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      sed 's/^Types: deb$/Types: deb-src/' "$f" > "/etc/apt/sources.list.d/cai-src-$(basename "$f")"
    done
    if [ -f /etc/apt/sources.list ]; then
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/cai-src.list
    fi
    apt-get update -qq
  fi
  (cd "$dir" && rm -rf mbedtls mbedtls-2.* && apt-get source -qq mbedtls >/dev/null 2>&1 \
     && ln -sfn "$(ls -d mbedtls-2.*/ | head -n 1)" mbedtls) || {
    echo "cai: apt-get source mbedtls failed" >&2
    exit 1
  }
  echo "cai: mbedTLS source in $dir/mbedtls"
}

if [ -z "$missing" ]; then
  [ "$what" = target ] && fetch_mbedtls_source
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "cai: installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
  [ "$what" = target ] && fetch_mbedtls_source
else
  echo "cai: missing Debian packages:$missing" >&2
  echo "cai: install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
