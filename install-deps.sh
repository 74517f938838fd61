#!/bin/sh
# Installs Futamura's build and test dependencies from Debian packages.
# Run as root (or with sudo) on Debian 12 (bookworm). pypy3 and
# python3-matplotlib are for the benchmark harness (benchmarks/run.py).
set -eu
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
PKGS="g++ cmake ninja-build python3 libpython3.11-dev libasmjit-dev llvm-14-dev \
libboost-dev libboost-program-options-dev libgtest-dev libgc-dev graphviz \
pypy3 python3-matplotlib"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
