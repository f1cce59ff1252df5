#!/usr/bin/env bash
# dnspatch's test command: finds a JDK 18+ to build with, provides the test JDKs (8, 11, 17, 21
# and 25: found where they are installed, else fetched from Debian's archive into
# ~/.cache/dnspatch/jdks, see scripts/jdks.sh), then builds the agent and runs every test.
# Arguments go to Maven: ./test.sh -Dtest=DoctorTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdks.sh

JAVA_HOME=$(build_jdk_home)
if [ -z "$JAVA_HOME" ]; then
  echo "dnspatch: building needs a JDK 18 or newer; none found (set JAVA_HOME to one)" >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
quiet_maven_on_new_jdks

summary="test JDKs:"
for feature in 8 11 17 21 25; do
  home=$(provide_jdk "$feature")
  if [ -n "$home" ]; then
    export "DNSPATCH_TEST_JDK$feature=$home"
    summary+=" $feature=$home"
  else
    summary+=" $feature=none"
  fi
done
echo "build JDK: $JAVA_HOME; $summary"

exec mvn -B verify "$@"
