#!/usr/bin/env bash
# The `kafkalint-binary` pre-commit hook: runs the released kafkalint binary of this hook
# repository's version (Cargo.toml) instead of compiling it. The first run downloads it with
# scripts/action/install.sh (SHA-256 checked) into pre-commit's cache; later runs reuse it.
#
#   scripts/pre-commit-binary.sh [check options] FILE...
#
# KAFKALINT_VERSION, KAFKALINT_BASE_URL and KAFKALINT_TARGET work as for install.sh;
# KAFKALINT_CACHE sets the directory the binary is kept in.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
version="${KAFKALINT_VERSION:-$(grep -m1 '^version' "$here/Cargo.toml" | cut -d'"' -f2)}"
version="${version#v}"
cache="${KAFKALINT_CACHE:-${PRE_COMMIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/pre-commit}/kafkalint-v$version}"
case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN* | Windows_NT) bin="$cache/kafkalint.exe" ;;
  *) bin="$cache/kafkalint" ;;
esac
if [ ! -x "$bin" ]; then
  KAFKALINT_VERSION="$version" KAFKALINT_INSTALL_DIR="$cache" GITHUB_PATH="" bash "$here/scripts/action/install.sh" > /dev/null
fi
exec "$bin" check "$@"
