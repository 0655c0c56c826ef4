#!/bin/sh
# Makes sure a JDK (javac and java 11+) is on PATH for the differential test of the .properties
# reader (tests/differential.rs). Installs Debian's headless JDK when none is found and the
# machine lets us (root with apt-get); otherwise says what is missing and leaves the test to fail
# in CI with its own message.
set -eu
if command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "scripts/jdk.sh: no JDK found; installing Debian's default-jdk-headless" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >/dev/null
  exit 0
fi
echo "scripts/jdk.sh: no JDK (javac, java) on PATH and no way to install one here; tests/differential.rs needs it" >&2
