#!/usr/bin/env bash
# Checks that a release can be rebuilt bit for bit: builds the committed HEAD twice, from two fresh
# clones in two differently named folders, in two time zones and two locales, and compares every
# file a release ships (dist/target/release: the agent jar, its sources and javadoc jars, the image
# tarball, SHA256SUMS) byte for byte. Then builds the same sources once more from a folder without
# git, which must still build and say so in --version.
#
#   scripts/reproducible.sh      (from anywhere inside the repository; .ci/run calls it)
#
# Uncommitted changes are not part of it: it rebuilds what a tag would. Uses the machine's Maven and
# local repository read-only (package, never install). Both builds run with umask 022, as a release
# build does (the javadoc jar records the modes of the files javadoc writes; the agent jar and the
# image do not depend on it). About 1 minute on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/jdks.sh"

JAVA_HOME=$(build_jdk_home)
if [ -z "$JAVA_HOME" ]; then echo "reproducible: no JDK 18+ found to build with" >&2; exit 1; fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
quiet_maven_on_new_jdks

commit=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/dnspatch-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT
shipped=(dnspatch-agent.jar dnspatch-agent-sources.jar dnspatch-agent-javadoc.jar dnspatch-agent-image.tar SHA256SUMS)

# build DIR TZ LANGUAGE: mvn package in DIR; its output is kept in DIR.log.
build() {
  local dir=$1 tz=$2 language=$3 started=$SECONDS
  if ! (cd "$dir" && umask 022 && export TZ=$tz LANG="$language.UTF-8" \
      MAVEN_OPTS="${MAVEN_OPTS:-} -Duser.language=${language%_*} -Duser.country=${language#*_}" \
      && mvn -B -q -DskipTests package) >"$dir.log" 2>&1; then
    echo "reproducible: the build in $dir failed:" >&2
    tail -n 40 "$dir.log" >&2
    exit 1
  fi
  echo "reproducible: built $dir (TZ=$tz, locale $language) in $((SECONDS - started)) s"
}

clone() {
  local dir=$1
  mkdir -p "$(dirname "$dir")"
  git clone -q --no-hardlinks "$root" "$dir"
  git -C "$dir" checkout -q --detach "$commit"
}

first="$work/a/dnspatch"
second="$work/another/longer/path/dnspatch-rebuild"
clone "$first"
clone "$second"
build "$first" UTC en_US
build "$second" America/Los_Angeles de_DE

status=0
for name in "${shipped[@]}"; do
  a="$first/dist/target/release/$name" b="$second/dist/target/release/$name"
  if cmp -s "$a" "$b"; then
    echo "reproducible: identical  $(sha256sum "$a" | cut -c1-64)  $name"
  else
    echo "reproducible: DIFFERENT  $name: $(sha256sum "$a" | cut -c1-64) in $first, $(sha256sum "$b" | cut -c1-64) in $second" >&2
    status=1
  fi
done
if [ "$status" != 0 ]; then
  echo "reproducible: two builds of $commit differ; compare them with diffoscope, or unzip -l / tar -tvf" >&2
  exit 1
fi

# A source archive: the same files, no .git. It must build and say where it came from.
plain="$work/from-archive/dnspatch-${commit:0:7}"
mkdir -p "$plain"
git -C "$root" archive "$commit" | tar -x -C "$plain"
build "$plain" UTC en_US
version=$("$JAVA_HOME/bin/java" -jar "$plain/agent/target/dnspatch-agent.jar" --version)
case $version in
  *"(commit unknown: built outside git, Java "*) echo "reproducible: without git: $version" ;;
  *) echo "reproducible: a build without git says '$version', not 'commit unknown: built outside git'" >&2; exit 1 ;;
esac
with_git=$("$JAVA_HOME/bin/java" -jar "$first/agent/target/dnspatch-agent.jar" --version)
case $with_git in
  *"(commit ${commit:0:7}, Java "*) echo "reproducible: from the clone: $with_git" ;;
  *) echo "reproducible: the clone's jar says '$with_git', not commit ${commit:0:7}" >&2; exit 1 ;;
esac
echo "reproducible: ${#shipped[@]} release files of $commit are identical in two clean builds"
