#!/usr/bin/env bash
# The CDK app, as cdk.json runs it: the shaded app jar on a JDK >= 21 (built by ./mvnw package first).
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/jdk.sh
exec "$JAVA_HOME/bin/java" -jar target/cdk-app.jar "$@"
