#!/usr/bin/env bash
# Synthesizes the CDK app offline (no AWS credentials, no account lookups) into cdk/cdk.out and lists the
# resources per stack. Builds the jars first unless --no-build. Extra arguments go to `cdk synth` (e.g. -c senderDomain=…).
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/jdk.sh
if [ "${1:-}" = "--no-build" ]; then shift; else (cd .. && ./mvnw -B -q -ntp -DskipTests package -pl cdk -am); fi
[ -x node_modules/.bin/cdk ] || npm ci --no-audit --no-fund --loglevel=error
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
node_modules/.bin/cdk synth --quiet "$@"
for t in cdk.out/*.template.json; do
  echo "== $t"
  node -e 'const t=require("./"+process.argv[1]); const c={}; for (const r of Object.values(t.Resources)) c[r.Type]=(c[r.Type]||0)+1; for (const [k,v] of Object.entries(c).sort()) console.log(`${v}  ${k}`)' "$t"
done
