#!/usr/bin/env bash
# The whole test suite: unit, golden-message, schema and end-to-end tests of every module (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdk.sh
echo "JDK: $JAVA_HOME"
# The SES API emulator the mailer's integration tests start on loopback (npm, pinned in tools/ses-local).
if [ ! -f tools/ses-local/node_modules/aws-ses-v2-local/dist/cli.js ]; then
  command -v npm >/dev/null || { echo "test.sh: npm (Node.js >= 20) is needed for the SES emulator; install nodejs and npm" >&2; exit 1; }
  npm ci --prefix tools/ses-local --no-audit --no-fund --loglevel=error
fi
exec ./mvnw -B -ntp verify "$@"
