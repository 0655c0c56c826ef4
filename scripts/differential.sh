#!/bin/sh
# Runs the differential test of kafkalint's .properties reader against java.util.Properties
# (tests/differential.rs, Java program tests/differential/PropsDump.java). Needs a JDK 11+ on
# PATH (or JAVA_HOME); without one the test says it is skipped. More cases: DIFFERENTIAL_CASES.
#   scripts/differential.sh                 # 4,000 generated files
#   DIFFERENTIAL_CASES=200000 scripts/differential.sh
set -eu
cd "$(dirname "$0")/.."
exec cargo test --test differential -- --nocapture
