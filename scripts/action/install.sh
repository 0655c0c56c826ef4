#!/usr/bin/env bash
# Installs a released kafkalint binary: downloads the archive for this machine and its SHA-256,
# checks the hash, unpacks the binary into a directory and puts that directory on the PATH of the
# next GitHub Actions steps. Used by action.yml; works on a developer machine too.
#
# Environment:
#   KAFKALINT_VERSION   the release to install: 0.1.0 or v0.1.0 (required)
#   KAFKALINT_BASE_URL  where releases are (default https://github.com/kafkalint/kafkalint/releases/download);
#                       the archive is BASE/vVERSION/kafkalint-vVERSION-TARGET.tar.gz (.zip on Windows)
#   KAFKALINT_TARGET    the target triple (default: from uname)
#   KAFKALINT_INSTALL_DIR  where the binary goes (default: $RUNNER_TEMP/kafkalint, else ~/.local/bin)
#
# Prints the installed binary's path on standard output. Exit 1 on a failed download or a hash
# that does not match; 2 on a machine with no release build.
set -euo pipefail

version="${KAFKALINT_VERSION:?KAFKALINT_VERSION is required (for example 0.1.0)}"
version="${version#v}"
base="${KAFKALINT_BASE_URL:-https://github.com/kafkalint/kafkalint/releases/download}"
base="${base%/}"

if [ -n "${KAFKALINT_TARGET:-}" ]; then
  target="$KAFKALINT_TARGET"
else
  os="$(uname -s)"
  arch="$(uname -m)"
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) echo "install.sh: no kafkalint release for the $arch architecture; build it with \`cargo install kafkalint\`" >&2; exit 2 ;;
  esac
  case "$os" in
    Linux) target="$arch-unknown-linux-musl" ;;
    Darwin) target="$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] || { echo "install.sh: no kafkalint release for Windows on $arch" >&2; exit 2; }
      target="x86_64-pc-windows-msvc" ;;
    *) echo "install.sh: no kafkalint release for $os; build it with \`cargo install kafkalint\`" >&2; exit 2 ;;
  esac
fi

case "$target" in
  *windows*) ext=zip; exe=kafkalint.exe ;;
  *) ext=tar.gz; exe=kafkalint ;;
esac
name="kafkalint-v$version-$target"
archive="$name.$ext"
url="$base/v$version/$archive"

dest="${KAFKALINT_INSTALL_DIR:-}"
if [ -z "$dest" ]; then
  if [ -n "${RUNNER_TEMP:-}" ]; then dest="$RUNNER_TEMP/kafkalint"; else dest="$HOME/.local/bin"; fi
fi
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {
  # curl reads file:// URLs too (a local mirror, and the tests).
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}
echo "install.sh: downloading $url" >&2
fetch "$url" "$work/$archive" || { echo "install.sh: cannot download $url (is v$version released for $target?)" >&2; exit 1; }
fetch "$url.sha256" "$work/$archive.sha256" || { echo "install.sh: cannot download $url.sha256" >&2; exit 1; }

want="$(cut -d' ' -f1 < "$work/$archive.sha256")"
if command -v sha256sum >/dev/null; then
  have="$(sha256sum "$work/$archive" | cut -d' ' -f1)"
else
  have="$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)"
fi
if [ -z "$want" ] || [ "$want" != "$have" ]; then
  echo "install.sh: SHA-256 mismatch for $archive: expected ${want:-nothing}, got $have" >&2
  exit 1
fi

case "$ext" in
  zip)
    if command -v unzip >/dev/null; then unzip -q -o "$work/$archive" -d "$work"; else tar -xf "$work/$archive" -C "$work"; fi ;;
  *) tar -xzf "$work/$archive" -C "$work" ;;
esac
[ -f "$work/$name/$exe" ] || { echo "install.sh: $archive does not hold $name/$exe" >&2; exit 1; }
cp "$work/$name/$exe" "$dest/$exe"
chmod 755 "$dest/$exe"

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dest" >> "$GITHUB_PATH"
fi
echo "install.sh: installed $("$dest/$exe" --version) into $dest" >&2
echo "$dest/$exe"
