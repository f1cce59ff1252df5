# Finds JDKs by feature version; sourced by .ci/run, demo.sh and the benchmark.
# jdk_home N prints the home of a JDK N (DNSPATCH_TEST_JDKN wins), or nothing.
jdk_home() {
  local feature=$1 var="DNSPATCH_TEST_JDK$1" home version
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -L "$home" ] && continue
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    if [ "$version" = "$feature" ]; then echo "$home"; return; fi
  done
}

# build_jdk_home prints a JDK that can build dnspatch (18 or newer: the resolver provider is release 18).
build_jdk_home() {
  local feature home
  if [ -n "${JAVA_HOME:-}" ] && [ -f "$JAVA_HOME/release" ]; then
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")
    if [ "${feature:-0}" -ge 18 ] 2>/dev/null; then echo "$JAVA_HOME"; return; fi
  fi
  for feature in 25 24 23 22 21 20 19 18; do
    home=$(jdk_home "$feature")
    if [ -n "$home" ]; then echo "$home"; return; fi
  done
}

# Maven itself trips JDK 24+'s sun.misc.Unsafe warnings (through Guava); they are Maven's, not
# dnspatch's, so keep them out of the output.
quiet_maven_on_new_jdks() {
  local feature
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null)
  if [ "${feature:-0}" -ge 24 ] 2>/dev/null; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
