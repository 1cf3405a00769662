#!/usr/bin/env bash
# The offline demo: builds everything, then launches the bridge on its embedded defaults against the simulator's
# Realtime stand-in, replays one simulated phone call per script in data/calls, verifies every transcript and mail,
# and shows where the mails are and one of them. Extra arguments go to `simulator demo` (e.g. --calls 20).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdk.sh
echo "JDK: $JAVA_HOME"
./mvnw -B -q -ntp -DskipTests package
exec "$JAVA_HOME/bin/java" -jar simulator/target/simulator.jar demo "$@"
