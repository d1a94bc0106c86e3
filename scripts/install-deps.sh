#!/usr/bin/env bash
# Installs the Debian packages sipvet needs, only those that are missing.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --fuzz     also AFL++ (libFuzzer ships with clang)
#   scripts/install-deps.sh --interop  also real SIP peers (SIPp, Kamailio, ...)
#   scripts/install-deps.sh --bench    also the peer parser libraries for bench/
#   scripts/install-deps.sh --all      everything
# Uses apt-get directly as root, through sudo otherwise.
set -euo pipefail

base=(build-essential cmake pkg-config clang clang-format libclang-rt-dev
      libyaml-dev libcunit1-dev libssl-dev zip)
fuzz=(afl++)
interop=(sip-tester kamailio sipsak)
bench=(libsofia-sip-ua-dev libosip2-dev libre-dev)

want=("${base[@]}")
for arg in "$@"; do
  case "$arg" in
    --fuzz) want+=("${fuzz[@]}") ;;
    --interop) want+=("${interop[@]}") ;;
    --bench) want+=("${bench[@]}") ;;
    --all) want+=("${fuzz[@]}" "${interop[@]}" "${bench[@]}") ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
