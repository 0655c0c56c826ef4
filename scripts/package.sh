#!/usr/bin/env bash
# Packs a built kafkalint binary as a release asset, the way the release workflow and the
# install script (scripts/action/install.sh) expect it:
#
#   scripts/package.sh VERSION TARGET BINARY OUTDIR
#
# writes OUTDIR/kafkalint-vVERSION-TARGET.tar.gz (.zip for a Windows target) holding
# kafkalint-vVERSION-TARGET/kafkalint[.exe], README.md and LICENSE when present, and beside it
# the archive's SHA-256 in the `sha256sum` format (`<hash>  <file name>`), ARCHIVE.sha256.
set -euo pipefail

version="${1:?usage: scripts/package.sh VERSION TARGET BINARY OUTDIR}"
target="${2:?usage: scripts/package.sh VERSION TARGET BINARY OUTDIR}"
binary="${3:?usage: scripts/package.sh VERSION TARGET BINARY OUTDIR}"
outdir="${4:?usage: scripts/package.sh VERSION TARGET BINARY OUTDIR}"
version="${version#v}"
root="$(cd "$(dirname "$0")/.." && pwd)"

[ -f "$binary" ] || { echo "package.sh: no such binary: $binary" >&2; exit 2; }
name="kafkalint-v$version-$target"
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
case "$target" in
  *windows*) exe="kafkalint.exe" ;;
  *) exe="kafkalint" ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
for f in README.md LICENSE; do
  if [ -f "$root/$f" ]; then cp "$root/$f" "$stage/$name/"; fi
done

case "$target" in
  *windows*)
    archive="$name.zip"
    if command -v 7z >/dev/null; then
      (cd "$stage" && 7z a -tzip -bso0 "$outdir/$archive" "$name")
    else
      (cd "$stage" && zip -qr "$outdir/$archive" "$name")
    fi
    ;;
  *)
    archive="$name.tar.gz"
    tar -C "$stage" -czf "$outdir/$archive" "$name"
    ;;
esac

if command -v sha256sum >/dev/null; then
  (cd "$outdir" && sha256sum "$archive" > "$archive.sha256")
else
  (cd "$outdir" && shasum -a 256 "$archive" > "$archive.sha256")
fi
echo "$outdir/$archive"
