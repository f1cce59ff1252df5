#!/usr/bin/env bash
# Start-up cost of dnspatch, side by side in one run: a hello-world that resolves one matching
# name (localhost), with no agent, with an empty -javaagent (the floor every agent pays), and
# with dnspatch. Runs are interleaved so machine noise hits every variant alike.
# usage: integration-tests/bench/startup.sh [RUNS]   (after mvn package; RUNS defaults to 21)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdks.sh
runs=${1:-21}
agent=$PWD/agent/target/dnspatch-agent.jar
app_cp=$PWD/integration-tests/target/test-classes
[ -f "$agent" ] && [ -d "$app_cp" ] || { echo "build first: mvn package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/empty/bench"
cat > "$work/empty/bench/EmptyAgent.java" <<'JAVA'
package bench;
public final class EmptyAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) { }
}
JAVA
build=$(build_jdk_home)
"$build/bin/javac" --release 8 -Xlint:-options -d "$work/empty" "$work/empty/bench/EmptyAgent.java"
printf 'Premain-Class: bench.EmptyAgent\n' > "$work/manifest"
"$build/bin/jar" cfm "$work/empty-agent.jar" "$work/manifest" -C "$work/empty" bench

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# variants: label|jdk feature|java options
# Each JDK's group starts with its floor ("empty agent" comes second; see floor_index below).
variants=(
  "no agent|17|"
  "empty agent|17|-javaagent:$work/empty-agent.jar"
  "dnspatch, no hosts|17|-javaagent:$agent"
  "dnspatch, instrumentation (auto)|17|-javaagent:$agent=hosts=localhost"
  "no agent|25|"
  "empty agent|25|-javaagent:$work/empty-agent.jar"
  "dnspatch, no hosts|25|-javaagent:$agent"
  "dnspatch, resolver provider (auto)|25|-javaagent:$agent=hosts=localhost"
  "dnspatch, instrumentation (forced)|25|-javaagent:$agent=hosts=localhost,engine=instrument"
)
for i in "${!variants[@]}"; do : > "$work/times.$i"; done
for run in $(seq 1 "$runs"); do
  for i in "${!variants[@]}"; do
    IFS='|' read -r label feature opts <<< "${variants[$i]}"
    home=$(jdk_home "$feature"); [ -n "$home" ] || continue
    start=$(now_ms)
    # shellcheck disable=SC2086
    "$home/bin/java" $opts -cp "$app_cp" dev.dnspatch.it.apps.ResolveOnce localhost > /dev/null 2>&1
    echo $(( $(now_ms) - start )) >> "$work/times.$i"
  done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
echo "| JDK | variant | min ms | median ms | max ms | median over empty agent |"
echo "|---|---|---|---|---|---|"
for i in "${!variants[@]}"; do
  IFS='|' read -r label feature opts <<< "${variants[$i]}"
  [ -s "$work/times.$i" ] || continue
  if [ "$feature" = 17 ]; then floor_index=1; else floor_index=5; fi
  med=$(median "$work/times.$i"); floor=$(median "$work/times.$floor_index")
  echo "| $feature | $label | $(sort -n "$work/times.$i" | head -1) | $med | $(sort -n "$work/times.$i" | tail -1) | $(( med - floor )) |"
done
echo
echo "$runs interleaved runs each; $(nproc) cores; $(uname -sr)"
