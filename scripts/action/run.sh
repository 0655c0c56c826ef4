#!/usr/bin/env bash
# Runs `kafkalint check` for action.yml: findings as annotations (or another format) in the log,
# and optionally a SARIF file for code scanning.
#
# Environment (action.yml passes its inputs):
#   KAFKALINT           the binary (default: kafkalint on PATH)
#   INPUT_PATHS         files and directories, separated by white space (default: .)
#   INPUT_ARGS          more `check` options, separated by white space (--kafka-version 3.9 ...)
#   INPUT_FORMAT        the log's format (default: github, one annotation per finding)
#   INPUT_SARIF         true: also write SARIF to INPUT_SARIF_FILE (default kafkalint.sarif)
#   INPUT_FAIL          false: findings do not fail the step (usage errors, exit 2, always do)
#
# Writes `exit-code` (kafkalint's: 0, 1 or 2) and `sarif-file` to $GITHUB_OUTPUT when set.
set -uo pipefail

kafkalint="${KAFKALINT:-kafkalint}"
format="${INPUT_FORMAT:-github}"
sarif="${INPUT_SARIF:-false}"
sarif_file="${INPUT_SARIF_FILE:-kafkalint.sarif}"
fail="${INPUT_FAIL:-true}"
# Word splitting on purpose: several paths and options in one input.
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
# shellcheck disable=SC2206
args=(${INPUT_ARGS:-})

status=0
"$kafkalint" check --format "$format" "${args[@]}" "${paths[@]}" || status=$?

if [ "$sarif" = true ]; then
  sarif_status=0
  "$kafkalint" check --format sarif --quiet "${args[@]}" "${paths[@]}" > "$sarif_file" || sarif_status=$?
  if [ "$sarif_status" -ge 2 ]; then
    echo "kafkalint: the SARIF run failed (exit $sarif_status)" >&2
    status=$sarif_status
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >> "$GITHUB_OUTPUT"
  if [ "$sarif" = true ]; then echo "sarif-file=$sarif_file" >> "$GITHUB_OUTPUT"; fi
fi

if [ "$status" -ge 2 ]; then
  exit "$status"
fi
if [ "$status" -eq 1 ] && [ "$fail" = true ]; then
  exit 1
fi
exit 0
