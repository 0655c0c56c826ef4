#!/usr/bin/env bash
# Makes (or reuses) a Python virtual environment for kafkalint's tests and installs a pinned
# requirements file into it, from PyPI, with the machine's python3. Prints the environment's
# directory on standard output (everything else goes to standard error).
#
#   scripts/python-venv.sh REQUIREMENTS [VENV_DIR]
#
# VENV_DIR defaults to $CARGO_TARGET_DIR (else target/)/python/<requirements name>. An environment
# made from the same requirements file by the same python3 is reused as it is.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
req="${1:?usage: scripts/python-venv.sh REQUIREMENTS [VENV_DIR]}"
[ -f "$req" ] || { echo "python-venv.sh: no such requirements file: $req" >&2; exit 2; }
name="$(basename "$req" .txt)"
name="${name#requirements-}"
venv="${2:-${CARGO_TARGET_DIR:-$root/target}/python/$name}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "python-venv.sh: $python not found" >&2; exit 3; }

mkdir -p "$(dirname "$venv")"
# One maker at a time (tests may run in parallel); the lock is released when this script exits.
exec 9>"$venv.lock"
if command -v flock >/dev/null; then flock 9; fi

want="$(cat "$req" | sha256sum | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
stamp="$venv/.kafkalint-requirements"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "$venv"
    exit 0
fi

echo "python-venv.sh: creating $venv from $req" >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$req" >&2
echo "$want" >"$stamp"
echo "$venv"
