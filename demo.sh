#!/usr/bin/env bash
# dnspatch demo: build the agent, then show the ENETUNREACH failure and its fix, for real,
# in a private network namespace that has no IPv6 route (nothing on this machine is changed).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdks.sh

JAVA_HOME=$(build_jdk_home)
if [ -z "$JAVA_HOME" ]; then echo "dnspatch demo: needs a JDK 18 or newer to build (set JAVA_HOME)" >&2; exit 1; fi
export JAVA_HOME
quiet_maven_on_new_jdks
JAVA="$JAVA_HOME/bin/java"
# Settings from the calling shell must not change what the demo shows.
for name in $(compgen -e | grep "^DNSPATCH_" || true); do unset "$name"; done
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS

echo "==> Building dnspatch-agent.jar (mvn package, tests skipped; run 'mvn verify' for those)"
mvn -q -B package -DskipTests
AGENT=$PWD/agent/target/dnspatch-agent.jar
APP_CP=$PWD/integration-tests/target/test-classes

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/hosts" <<'HOSTS'
127.0.0.1   localhost
::1         localhost
2001:db8::1 db.example.test
127.0.0.1   db.example.test
HOSTS
printf 'nameserver 127.0.0.1\n' > "$work/resolv.conf"

run_in_namespace() {
  unshare --user --map-root-user --net --mount -- /bin/sh -c \
    'ip link set lo up && mount --bind "$0" /etc/hosts && mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' \
    "$work/hosts" "$work/resolv.conf" "$@"
}

if ! run_in_namespace true 2>/dev/null; then
  cat <<'TXT'
dnspatch demo: this machine does not allow unprivileged user namespaces (unshare -rnm), so the
demo cannot build its private network. Try the agent on your own app instead:

  java -javaagent:agent/target/dnspatch-agent.jar=hosts=your.db.host -jar your-app.jar
TXT
  exit 1
fi

cat <<TXT

==> The set-up: a private network with loopback only, so IPv6 has no route, and a hosts file
    where db.example.test has an IPv6 address (2001:db8::1) and an IPv4 one (127.0.0.1).
    The JVM prefers IPv6 (-Djava.net.preferIPv6Addresses=true), as many images do.
    The app opens a listener on 127.0.0.1 and connects to db.example.test, like a JDBC driver:
    to the first address only.

==> 1. Without dnspatch:
TXT
run_in_namespace "$JAVA" -Djava.net.preferIPv6Addresses=true -cp "$APP_CP" dev.dnspatch.it.apps.ProbeApp db.example.test 2>&1 | sed 's/^/    /'
cat <<TXT

==> 2. The same app, unchanged, with -javaagent:dnspatch-agent.jar=hosts=*.example.test:
TXT
run_in_namespace "$JAVA" -javaagent:"$AGENT"=hosts=*.example.test -Djava.net.preferIPv6Addresses=true \
  -cp "$APP_CP" dev.dnspatch.it.apps.ProbeApp db.example.test 2>&1 | sed 's/^/    /'
cat <<TXT

==> The agent asked DNS for IPv4 only for *.example.test, so the app connected over IPv4,
    still by host name (TLS host name checks keep working). Other hosts are untouched.
TXT
