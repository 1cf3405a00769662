# Sourced by demo.sh and test.sh: exports JAVA_HOME for the newest JDK ≥ 21 on this machine (JAVA_HOME, the
# JDKs under /usr/lib/jvm, or the java on PATH), or stops with what to install. The default java here may be 17.
callbridge_pick_jdk() {
  local best="" best_version=0 candidate version
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*)
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate best_version=$version
    fi
  done
  if [ -z "$best" ]; then
    echo "callbridge needs a JDK 21 or newer (found none under JAVA_HOME, /usr/lib/jvm or on PATH)." >&2
    echo "Install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk) or openjdk-21-jdk, then run this again." >&2
    exit 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
callbridge_pick_jdk
