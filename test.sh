#!/usr/bin/env bash
# The whole test suite: unit, golden-message, schema and end-to-end tests of every module (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdk.sh
echo "JDK: $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
