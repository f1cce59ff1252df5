#!/usr/bin/env bash
# dnspatch's performance record, side by side in one run on this machine:
#   1. start-up of a hello-world that resolves one matching name (interleaved runs);
#   2. lookup cost, InetAddress.getAllByName under JMH, cached and uncached;
#   3. time to first connection where IPv6 is blackholed;
#   4. footprint: jar size, classes loaded, heap after start-up;
#   5. the Netty hook: its transformer's cost on every class load (an app of 10,000 classes, and
#      the hello-world) against a transformer that only compares one name, and one lookup of
#      Netty's own resolver under JMH, with and without the hook.
# Writes integration-tests/bench/results.md, the record docs/performance.md quotes (commit it when a run is
# the new record), and prints it. It reports and never judges:
# a slow or busy machine gives slow numbers, not a failure. A part that cannot run here (no
# user namespaces, a JDK missing) says so in its place.
#
# usage: integration-tests/bench/run.sh [RUNS]
#   RUNS: start-up runs per variant, at least 15 (default 21).
#   BENCH_SKIP_BUILD=1 reuses the jars already built; BENCH_LOOKUP_ROUNDS (default 4) sets how
#   many times each JMH variant is forked (5 one-second iterations each), BENCH_NETTY_ROUNDS
#   (default 2) the same for the Netty lookup; BENCH_EARLIER_AGENT=JAR adds an earlier build to the
#   lookup part, in the same turns, to measure a change; BENCH_PARTS (default
#   "startup lookup connect footprint netty") picks the parts to run.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdks.sh

runs=${1:-21}
[ "$runs" -ge 15 ] 2>/dev/null || { echo "RUNS must be a number, at least 15" >&2; exit 2; }
lookup_rounds=${BENCH_LOOKUP_ROUNDS:-4}
parts=" ${BENCH_PARTS:-startup lookup connect footprint netty} "
netty_rounds=${BENCH_NETTY_ROUNDS:-2}
many_classes=10000
part() { [[ "$parts" == *" $1 "* ]]; }
connect_runs=9
connect_timeout_ms=2000
footprint_runs=5

root=$PWD
agent=$root/agent/target/dnspatch-agent.jar
bench=$root/integration-tests/bench/jmh
out=$root/integration-tests/bench/target
mkdir -p "$out"
results=$root/integration-tests/bench/results.md

JAVA_HOME=$(build_jdk_home)
[ -n "$JAVA_HOME" ] || { echo "no JDK 18+ found to build with" >&2; exit 1; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
quiet_maven_on_new_jdks
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "building the agent and the benchmarks..." >&2
  mvn -B -q -pl agent package -DskipTests || exit 1
  mvn -B -q -f "$bench/pom.xml" package || exit 1
fi
[ -f "$agent" ] && [ -f "$bench/target/bench.classpath" ] || { echo "build first (or drop BENCH_SKIP_BUILD)" >&2; exit 1; }
bench_cp=$bench/target/classes:$(cat "$bench/target/bench.classpath")
app_cp=$bench/target/classes

# Every LTS JDK found here (test.sh provides the missing ones); a JDK that is missing is named in
# the results and its rows are left out.
declare -A jdk=()
for feature in 8 11 17 21 25; do
  home=$(jdk_home "$feature")
  [ -n "$home" ] && jdk[$feature]=$home
done
jdk17=${jdk[17]:-}
jdk25=${jdk[25]:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The floor every agent pays: a -javaagent whose premain does nothing.
mkdir -p "$work/empty/bench"
cat > "$work/empty/bench/EmptyAgent.java" <<'JAVA'
package bench;
public final class EmptyAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) { }
}
JAVA
javac --release 8 -Xlint:-options -d "$work/empty" "$work/empty/bench/EmptyAgent.java"
printf 'Premain-Class: bench.EmptyAgent\n' > "$work/manifest"
jar cfm "$work/empty-agent.jar" "$work/manifest" -C "$work/empty" bench
empty=$work/empty-agent.jar
# The floor of any resolver provider on JDK 18+: the empty agent plus a provider that hands back
# the builtin resolver. What the JDK does to find and start a provider on the first lookup is
# paid by every provider, dnspatch's included.
mkdir -p "$work/provider/bench" "$work/provider/META-INF/services"
cp -r "$work/empty/bench" "$work/provider/"
cat > "$work/provider/bench/BuiltinProvider.java" <<'JAVA'
package bench;
public final class BuiltinProvider extends java.net.spi.InetAddressResolverProvider {
    @Override public java.net.spi.InetAddressResolver get(Configuration configuration) {
        return configuration.builtinResolver();
    }
    @Override public String name() { return "builtin"; }
}
JAVA
javac --release 18 -d "$work/provider" "$work/provider/bench/BuiltinProvider.java"
echo bench.BuiltinProvider > "$work/provider/META-INF/services/java.net.spi.InetAddressResolverProvider"
jar cfm "$work/provider-agent.jar" "$work/manifest" -C "$work/provider" bench -C "$work/provider" META-INF/services
provider_floor=$work/provider-agent.jar
PROVIDER_FLOOR="empty -javaagent with a resolver provider that does nothing"

# stats FILE: "min median max" of the numbers in FILE, one per line.
stats() {
  sort -n "$1" | awk '{a[NR]=$1} END {
    if (NR == 0) { print "- - -"; exit }
    m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
    printf "%s %s %s\n", a[1], m, a[NR] }'
}
median() { stats "$1" | awk '{print $2}'; }
# references ARRAY JDK FLOOR_LABEL: sets $none, $floor and $provider to the indexes, in the named
# array of "label|JDK|java options" entries, of that JDK's "no agent" entry, of its floor, and of
# its do-nothing resolver provider (empty where it has none).
references() {
  local -n entries=$1
  local j l2 f2 o2
  provider=
  for j in "${!entries[@]}"; do
    IFS='|' read -r l2 f2 o2 <<< "${entries[$j]}"
    [ "$f2" = "$2" ] && [ "$l2" = "no agent" ] && none=$j
    [ "$f2" = "$2" ] && [ "$l2" = "$3" ] && floor=$j
    [ "$f2" = "$2" ] && [ "$l2" = "$PROVIDER_FLOOR" ] && provider=$j
  done
  return 0
}
# compared I J: start-up variant I against variant J, in ms: the median of the per-round
# differences (line r of each file is round r), the difference of the medians, of the minimums.
compared() {
  paste -d' ' "$work/start.$1" "$work/start.$2" | awk '{print $1 - $2}' > "$work/paired.$1.$2"
  read -r mn1 md1 _ <<< "$(stats "$work/start.$1")"
  read -r mn2 md2 _ <<< "$(stats "$work/start.$2")"
  awk -v p="$(median "$work/paired.$1.$2")" -v a="$md1" -v b="$md2" -v c="$mn1" -v d="$mn2" \
    'BEGIN {printf "%.1f %.1f %.1f\n", p / 1000, (a - b) / 1000, (c - d) / 1000}'
}
# "25.0.3+9-LTS (Eclipse Adoptium)": from the release file, or from java -version where there is
# none (Debian's JDK 8).
jdk_describe() {
  if [ -f "$1/release" ]; then
    echo "$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p;s/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release" | head -1)" \
      "($(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$1/release" | head -1))"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*(build \(.*\))$/\1/p' | head -1
  fi
}

# A private user+network+mount namespace with only loopback and its own /etc/hosts, so lookups
# go through glibc as in production while nothing on the machine changes. in_namespace runs a
# program there, after extra setup commands; namespaces_ok says whether this machine allows it.
namespaces_ok=true
namespace_reason=
if ! command -v unshare >/dev/null || ! command -v ip >/dev/null; then
  namespaces_ok=false; namespace_reason="unshare or ip is missing"
elif ! unshare --user --map-root-user --net --mount -- /bin/sh -c \
    'ip link set lo up && mount --bind /dev/null /dev/null' >/dev/null 2>&1; then
  namespaces_ok=false; namespace_reason="user+network+mount namespaces are not available here"
fi
printf '127.0.0.1 localhost\n::1 localhost\n' > "$work/hosts"
printf '127.0.0.1 db.bench.test\n2001:db8::1 db.bench.test\n' >> "$work/hosts"
printf '127.0.0.2 other.bench.test\n2001:db8::2 other.bench.test\n' >> "$work/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$work/resolv.conf"
in_namespace() { # in_namespace SETUP COMMAND...
  local setup=$1; shift
  unshare --user --map-root-user --net --mount -- /bin/sh -c \
    "ip link set lo up && mount --bind '$work/hosts' /etc/hosts && mount --bind '$work/resolv.conf' /etc/resolv.conf $setup && exec \"\$@\"" \
    sh "$@"
}

{
echo "## Measurements"
echo
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-$(uname -s)}"), $(uname -r);"
for feature in 8 11 17 21 25; do
  if [ -n "${jdk[$feature]:-}" ]; then echo "JDK $feature: $(jdk_describe "${jdk[$feature]}")."
  else echo "JDK $feature: not found here (./test.sh provides it); its rows are left out."; fi
done
echo "Every figure below comes from this one run; variants were interleaved."
echo
} > "$results"

# --- 1. Start-up -------------------------------------------------------------------------------
if part startup; then
echo "start-up: $runs interleaved runs per variant..." >&2
# label|JDK|java options. Each JDK's group starts with no agent, then the empty agent (the floor).
# JDKs 8 to 17 have no resolver SPI: the instrumentation engine is dnspatch's engine there.
variants=()
for feature in 8 11 17; do
  [ -n "${jdk[$feature]:-}" ] || continue
  variants+=(
    "no agent|$feature|"
    "empty -javaagent (floor)|$feature|-javaagent:$empty"
    "dnspatch, no hosts configured|$feature|-javaagent:$agent"
    "dnspatch, instrumentation|$feature|-javaagent:$agent=hosts=localhost"
  )
done
for feature in 21 25; do
  [ -n "${jdk[$feature]:-}" ] || continue
  variants+=(
    "no agent|$feature|"
    "empty -javaagent (floor)|$feature|-javaagent:$empty"
    "$PROVIDER_FLOOR|$feature|-javaagent:$provider_floor"
    "dnspatch, no hosts configured|$feature|-javaagent:$agent"
    "dnspatch, resolver provider|$feature|-javaagent:$agent=hosts=localhost"
    "dnspatch, instrumentation (engine=instrument)|$feature|-javaagent:$agent=hosts=localhost,engine=instrument"
  )
done
for i in "${!variants[@]}"; do : > "$work/start.$i"; : > "$work/cpu.$i"; done
TIMEFORMAT='%R %U %S'
for run in $(seq 1 "$runs"); do
  for i in "${!variants[@]}"; do
    IFS='|' read -r label feature opts <<< "${variants[$i]}"
    home=$(jdk_home "$feature")
    # Wall-clock and CPU (user + system, all of the JVM's threads), in microseconds.
    # shellcheck disable=SC2086
    times=$( { time "$home/bin/java" $opts -cp "$app_cp" dev.dnspatch.bench.HelloLookup localhost \
        > /dev/null 2>&1; } 2>&1 )
    echo "$times" | awk '{printf "%d\n", $1 * 1000000}' >> "$work/start.$i"
    echo "$times" | awk '{printf "%d\n", ($2 + $3) * 1000000}' >> "$work/cpu.$i"
  done
done
{
echo "### Start-up"
echo
echo "A hello-world that resolves one matching name (\`localhost\`), $runs interleaved runs per variant."
echo "Wall-clock time of the whole JVM; the floor is the empty \`-javaagent\` on the same JDK. Each round"
echo "runs every variant once, so a variant and its floor ran seconds apart: *over the floor* is the"
echo "median of those per-round differences, which a machine that slows down for a while affects"
echo "least. The difference of the medians and of the minimums (the least disturbed runs) follow, and"
echo "the CPU time (user + system, all threads) as a second opinion."
echo
echo "On JDK 21 and 25, *over the do-nothing provider* is the same per-round median against the empty"
echo "agent with a resolver provider that hands back the builtin resolver: what any provider costs the"
echo "JDK is in that floor, so the column shows what dnspatch itself adds."
echo
echo "| JDK | variant | min ms | median ms | max ms | over the floor | difference of medians | difference of minimums | over the do-nothing provider | median / no agent | CPU ms (median) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for i in "${!variants[@]}"; do
  IFS='|' read -r label feature opts <<< "${variants[$i]}"
  references variants "$feature" "empty -javaagent (floor)"
  read -r mn md mx <<< "$(stats "$work/start.$i")"
  no=$(median "$work/start.$none"); cpu=$(median "$work/cpu.$i")
  read -r paired overmed overmin <<< "$(compared "$i" "$floor")"
  over_provider=
  if [ -n "$provider" ] && [[ "$label" == dnspatch* ]]; then
    read -r p2 m2 n2 <<< "$(compared "$i" "$provider")"
    over_provider=$(printf '%+.1f ms' "$p2")
    echo "$feature|$label|provider|$p2|$m2|$n2" >> "$work/over-floor"
  fi
  self=$(( i == floor || i == none ))
  [ "$self" = 1 ] || echo "$feature|$label|empty|$paired|$overmed|$overmin" >> "$work/over-floor"
  awk -v f="$feature" -v l="$label" -v mn="$mn" -v md="$md" -v mx="$mx" -v no="$no" -v cpu="$cpu" \
      -v paired="$paired" -v overmed="$overmed" -v overmin="$overmin" -v op="$over_provider" -v self="$self" 'BEGIN {
    over = self ? "" : sprintf("%+.1f ms", paired); om = self ? "" : sprintf("%+.1f ms", overmed)
    on = self ? "" : sprintf("%+.1f ms", overmin)
    printf "| %s | %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %.2f | %.0f |\n", f, l, mn/1000, md/1000, mx/1000, over, om, on, op, md/no, cpu/1000 }'
done
echo
} >> "$results"

fi

# --- 2. Lookup cost (JMH) --------------------------------------------------------------------
if part lookup; then
echo "lookup cost: JMH on JDK 25 and 17, $lookup_rounds round(s) each..." >&2
{
echo "### Lookup cost"
echo
if ! $namespaces_ok; then
  echo "Not measured: $namespace_reason."
else
  echo "\`InetAddress.getAllByName\` under JMH with \`hosts=db.bench.test\`, average time per lookup, one"
  echo "forked JVM per variant and round ($lookup_rounds rounds, 3 warm-up and 5 measured one-second iterations"
  echo "each; min / median / max over the measured iterations). Uncached: \`networkaddress.cache.ttl=0\`"
  echo "in a \`java.security.properties\` file, so every lookup goes to glibc, which reads the names from"
  echo "a namespace's own \`/etc/hosts\` (both names have an IPv4 and an IPv6 address)."
  : > "$out/jmh.log"
  for engine in "25|resolver provider" "17|instrumentation"; do
    IFS='|' read -r feature name <<< "$engine"
    home=$(jdk_home "$feature")
    echo
    if [ -z "$home" ]; then echo "JDK $feature, $name: not measured, no JDK $feature found."; continue; fi
    echo "JDK $feature, $name:"
    echo
    in_namespace "" "$home/bin/java" -cp "$bench_cp" dev.dnspatch.bench.LookupRun "$home/bin/java" "$agent" \
        db.bench.test other.bench.test "$lookup_rounds" "$work/lookup.md" "$work/lookup-budget.$feature.md" \
        "JDK $feature" ${BENCH_EARLIER_AGENT:+"$BENCH_EARLIER_AGENT"} >> "$out/jmh.log" 2>&1
    if [ -s "$work/lookup.md" ]; then cat "$work/lookup.md"; else echo "Not measured: JMH failed, see target/jmh.log."; fi
    rm -f "$work/lookup.md"
  done
fi
echo
} >> "$results"
fi

# --- 3. Time to first connection ---------------------------------------------------------------
if part connect; then
echo "first connection: $connect_runs interleaved runs..." >&2
blackhole="&& ip link add bh0 type veth peer name bh1 && ip link set bh1 up && ip link set bh0 up \
  && ip -6 addr add 2001:db8:ffff::1/64 dev bh0 nodad && ip -6 route add 2001:db8::/32 dev bh0 \
  && ip -6 neigh add 2001:db8::1 lladdr 02:00:00:00:00:01 dev bh0 nud permanent"
{
echo "### Time to first connection"
echo
if ! $namespaces_ok; then
  echo "Not measured: $namespace_reason."
else
  echo "The failure dnspatch exists for, made real: a namespace where \`2001:db8::/32\` is routed into a"
  echo "link that swallows every packet. \`db.bench.test\` has \`2001:db8::1\` and \`127.0.0.1\`; the app"
  echo "(\`-Djava.net.preferIPv6Addresses=true\`, the order a resolver that prefers IPv6 gives) resolves it"
  echo "and tries each address with a ${connect_timeout_ms} ms connect timeout until one connects; the time is from the"
  echo "lookup to the connected socket, $connect_runs interleaved runs. With a real client's timeout (often the"
  echo "kernel's, minutes) the difference grows with it."
  echo
  echo "| JDK | variant | min ms | median ms | max ms | failed runs |"
  echo "|---|---|---|---|---|---|"
  cvariants=()
  [ -n "$jdk17" ] && cvariants+=("no agent|17|" "dnspatch, instrumentation|17|-javaagent:$agent=hosts=*.bench.test")
  [ -n "$jdk25" ] && cvariants+=("no agent|25|" "dnspatch, resolver provider|25|-javaagent:$agent=hosts=*.bench.test")
  for i in "${!cvariants[@]}"; do : > "$work/conn.$i"; : > "$work/connfail.$i"; done
  for run in $(seq 1 "$connect_runs"); do
    for i in "${!cvariants[@]}"; do
      IFS='|' read -r label feature opts <<< "${cvariants[$i]}"
      # shellcheck disable=SC2086
      ms=$(in_namespace "$blackhole" "$(jdk_home "$feature")/bin/java" $opts -Djava.net.preferIPv6Addresses=true \
          -cp "$app_cp" dev.dnspatch.bench.FirstConnection db.bench.test "$connect_timeout_ms" 2>/dev/null | tail -1)
      if [[ "$ms" =~ ^[0-9]+$ ]]; then echo "$ms" >> "$work/conn.$i"; else echo x >> "$work/connfail.$i"; fi
    done
  done
  for i in "${!cvariants[@]}"; do
    IFS='|' read -r label feature opts <<< "${cvariants[$i]}"
    read -r mn md mx <<< "$(stats "$work/conn.$i")"
    echo "| $feature | $label | $mn | $md | $mx | $(wc -l < "$work/connfail.$i") |"
  done
fi
echo
} >> "$results"

fi

# --- 4. Footprint ------------------------------------------------------------------------------
if part footprint; then
echo "footprint: $footprint_runs runs per variant..." >&2
fvariants=()
[ -n "$jdk17" ] && fvariants+=("no agent|17|" "empty -javaagent|17|-javaagent:$empty"
  "dnspatch, instrumentation|17|-javaagent:$agent=hosts=localhost")
[ -n "$jdk25" ] && fvariants+=("no agent|25|" "empty -javaagent|25|-javaagent:$empty"
  "dnspatch, no hosts configured|25|-javaagent:$agent"
  "dnspatch, resolver provider|25|-javaagent:$agent=hosts=localhost"
  "dnspatch, instrumentation (engine=instrument)|25|-javaagent:$agent=hosts=localhost,engine=instrument")
for i in "${!fvariants[@]}"; do : > "$work/classes.$i"; : > "$work/heap.$i"; done
for run in $(seq 1 "$footprint_runs"); do
  for i in "${!fvariants[@]}"; do
    IFS='|' read -r label feature opts <<< "${fvariants[$i]}"
    # shellcheck disable=SC2086
    heap=$("$(jdk_home "$feature")/bin/java" $opts -Xlog:class+load:file="$work/classes.log" \
        -cp "$app_cp" dev.dnspatch.bench.HeapAfterLookup localhost 2>/dev/null | tail -1)
    grep -c 'class,load' "$work/classes.log" >> "$work/classes.$i"
    [[ "$heap" =~ ^[0-9]+$ ]] && echo "$heap" >> "$work/heap.$i"
  done
done
{
echo "### Footprint"
echo
jar_bytes=$(stat -c %s "$agent")
echo "Jar: \`dnspatch-agent.jar\` is $jar_bytes bytes ($(awk -v b="$jar_bytes" 'BEGIN {printf "%.0f KiB", b/1024}'))."
echo
echo "Classes loaded (\`-Xlog:class+load\`) and heap in use after start-up, one lookup and \`System.gc()\`,"
echo "$footprint_runs interleaved runs per variant (the same hello-world, resolving \`localhost\`)."
echo
echo "| JDK | variant | classes loaded (min / median / max) | over no agent | over the empty agent | heap KiB (min / median / max) | over no agent | over the empty agent |"
echo "|---|---|---|---|---|---|---|---|"
for i in "${!fvariants[@]}"; do
  IFS='|' read -r label feature opts <<< "${fvariants[$i]}"
  references fvariants "$feature" "empty -javaagent"
  read -r cmn cmd cmx <<< "$(stats "$work/classes.$i")"
  read -r hmn hmd hmx <<< "$(stats "$work/heap.$i")"
  cnone=$(median "$work/classes.$none"); hnone=$(median "$work/heap.$none")
  cfloor=$(median "$work/classes.$floor"); hfloor=$(median "$work/heap.$floor")
  awk -v f="$feature" -v l="$label" -v cmn="$cmn" -v cmd="$cmd" -v cmx="$cmx" -v cn="$cnone" -v cf="$cfloor" \
      -v hmn="$hmn" -v hmd="$hmd" -v hmx="$hmx" -v hn="$hnone" -v hf="$hfloor" \
      -v none=$(( i == none )) -v floor=$(( i == floor || i == none )) 'BEGIN {
    co = none ? "" : sprintf("%+d", cmd - cn); ho = none ? "" : sprintf("%+d", hmd - hn)
    cf2 = floor ? "" : sprintf("%+d", cmd - cf); hf2 = floor ? "" : sprintf("%+d", hmd - hf)
    printf "| %s | %s | %s / %s / %s | %s | %s | %s / %s / %s | %s | %s |\n", f, l, cmn, cmd, cmx, co, cf2, hmn, hmd, hmx, ho, hf2 }'
done
echo
} >> "$results"

fi

# --- 5. The Netty hook -------------------------------------------------------------------------
if part netty; then
echo "Netty hook: $runs interleaved runs per variant, then JMH..." >&2
# The floor of any transformer that stays registered: an agent whose one transformer compares
# the class name with one string and returns null. What the JVM does to call a Java transformer
# for each class it loads (it copies the class file into a Java array) is paid by every such
# transformer, dnspatch's included.
mkdir -p "$work/transformer/bench"
cat > "$work/transformer/bench/OneNameTransformerAgent.java" <<'JAVA'
package bench;
public final class OneNameTransformerAgent implements java.lang.instrument.ClassFileTransformer {
    static volatile int seen;
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {
        inst.addTransformer(new OneNameTransformerAgent());
    }
    @Override public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
            java.security.ProtectionDomain domain, byte[] bytes) {
        if ("io/netty/resolver/dns/DnsNameResolver".equals(name)) {
            seen++;
        }
        return null;
    }
}
JAVA
javac --release 8 -Xlint:-options -d "$work/transformer" "$work/transformer/bench/OneNameTransformerAgent.java"
printf 'Premain-Class: bench.OneNameTransformerAgent\n' > "$work/transformer-manifest"
jar cfm "$work/transformer-agent.jar" "$work/transformer-manifest" -C "$work/transformer" bench
transformer_floor=$work/transformer-agent.jar
"$jdk25/bin/java" -cp "$app_cp" dev.dnspatch.bench.GenerateClasses "$work/many.jar" "$many_classes" 2>/dev/null \
  || "$JAVA_HOME/bin/java" -cp "$app_cp" dev.dnspatch.bench.GenerateClasses "$work/many.jar" "$many_classes"
nvariants=()
for feature in 17 25; do
  [ -n "$(jdk_home $feature)" ] || continue
  nvariants+=("no agent|$feature|"
    "empty -javaagent (floor)|$feature|-javaagent:$empty"
    "empty -javaagent with a transformer that compares one name|$feature|-javaagent:$transformer_floor"
    "dnspatch, netty=off|$feature|-javaagent:$agent=hosts=localhost,netty=off"
    "dnspatch (netty=on, the default)|$feature|-javaagent:$agent=hosts=localhost")
done
# netty_table APP: the interleaved runs of every variant, then the table.
netty_table() {
  local app=$1 args=$2 i run times label feature opts
  for i in "${!nvariants[@]}"; do : > "$work/n.$app.$i"; done
  TIMEFORMAT='%R'
  for run in $(seq 1 "$runs"); do
    for i in "${!nvariants[@]}"; do
      IFS='|' read -r label feature opts <<< "${nvariants[$i]}"
      # shellcheck disable=SC2086
      times=$( { time "$(jdk_home "$feature")/bin/java" $opts -cp "$app_cp:$work/many.jar" "dev.dnspatch.bench.$app" \
          $args > /dev/null 2>&1; } 2>&1 )
      echo "$times" | awk '{printf "%d\n", $1 * 1000000}' >> "$work/n.$app.$i"
    done
  done
  echo "| JDK | variant | min ms | median ms | max ms | over the empty agent | over the transformer that compares one name | over dnspatch with netty=off |"
  echo "|---|---|---|---|---|---|---|---|"
  for i in "${!nvariants[@]}"; do
    IFS='|' read -r label feature opts <<< "${nvariants[$i]}"
    local empty_i= one_i= off_i= j l2 f2 o2
    for j in "${!nvariants[@]}"; do
      IFS='|' read -r l2 f2 o2 <<< "${nvariants[$j]}"
      [ "$f2" = "$feature" ] || continue
      case "$l2" in
        "empty -javaagent (floor)") empty_i=$j ;;
        "empty -javaagent with a transformer"*) one_i=$j ;;
        "dnspatch, netty=off") off_i=$j ;;
      esac
    done
    read -r mn md mx <<< "$(stats "$work/n.$app.$i")"
    # Which references a row is compared with: the empty agent, the one-name transformer, netty=off.
    local refs
    case "$label" in
      "no agent"|"empty -javaagent (floor)") refs=("" "" "") ;;
      "empty -javaagent with a transformer"*) refs=("$empty_i" "" "") ;;
      "dnspatch, netty=off") refs=("$empty_i" "$one_i" "") ;;
      *) refs=("$empty_i" "$one_i" "$off_i") ;;
    esac
    local cells="" ref
    for ref in "${refs[@]}"; do
      if [ -z "$ref" ]; then cells="$cells |"; continue; fi
      paste -d' ' "$work/n.$app.$i" "$work/n.$app.$ref" | awk '{print $1 - $2}' > "$work/np"
      cells="$cells $(awk -v p="$(median "$work/np")" 'BEGIN {printf "%+.1f ms", p / 1000}') |"
    done
    awk -v f="$feature" -v l="$label" -v mn="$mn" -v md="$md" -v mx="$mx" -v c="$cells" \
        'BEGIN {printf "| %s | %s | %.0f | %.0f | %.0f |%s\n", f, l, mn/1000, md/1000, mx/1000, c}'
    # The budget: the Netty hook (netty=on over netty=off) within the floor (the one-name
    # transformer over the empty agent) plus 10%, on the app of many classes.
    if [ "$app" = ManyClasses ] && [ "$label" = "dnspatch (netty=on, the default)" ]; then
      paste -d' ' "$work/n.$app.$i" "$work/n.$app.$off_i" | awk '{print $1 - $2}' > "$work/nh"
      paste -d' ' "$work/n.$app.$one_i" "$work/n.$app.$empty_i" | awk '{print $1 - $2}' > "$work/nf"
      awk -v f="$feature" -v h="$(median "$work/nh")" -v t="$(median "$work/nf")" -v n="$many_classes" 'BEGIN {
        printf "| Netty hook, %d class loads, JDK %s | at most the floor + 10%% (a transformer that compares one name: %+.1f ms) | %+.1f ms | %s |\n",
          n, f, t / 1000, h / 1000, (h <= 1.1 * t || h <= 0) ? "holds" : "missed" }' >> "$work/netty-budget.md"
    fi
  done
}
{
echo "### The Netty hook"
echo
echo "Its transformer stays registered, so the JVM calls it for every class the app loads. Wall-clock"
echo "time of the whole JVM, $runs interleaved runs per variant; every *over* column is the median of the"
echo "per-round differences against that reference (the Netty hook's own cost is the last column of the"
echo "\`netty=on\` rows). First an app that loads $many_classes generated classes from its class path, then the"
echo "hello-world of the start-up table."
echo
netty_table ManyClasses "$many_classes"
echo
netty_table HelloLookup localhost
echo
if ! $namespaces_ok; then
  echo "One lookup through Netty's resolver: not measured, $namespace_reason."
else
  echo "One \`resolveAll\` of Netty's own \`DnsNameResolver\` (Netty 4.1.135, IPv4 and IPv6 wanted) under JMH,"
  echo "with and without dnspatch (\`hosts=db.bench.test\`, so mode=ipv4-only), $netty_rounds rounds of one fork per"
  echo "variant, 3 warm-up and 5 measured one-second iterations each. The answer comes from the"
  echo "namespace's /etc/hosts, from Netty's cache of a DNS answer, or from a DNS query each time to a"
  echo "responder in the same JVM (Netty's cache off): there dnspatch asks for the A record alone."
  for feature in 25 17; do
    home=$(jdk_home "$feature")
    echo
    if [ -z "$home" ]; then echo "JDK $feature: not measured, no JDK $feature found."; continue; fi
    echo "JDK $feature:"
    echo
    in_namespace "" "$home/bin/java" -cp "$bench_cp" dev.dnspatch.bench.NettyLookupRun "$home/bin/java" "$agent" \
        db.bench.test other.bench.test "$netty_rounds" "$work/netty.md" >> "$out/jmh-netty.log" 2>&1
    if [ -s "$work/netty.md" ]; then cat "$work/netty.md"; else echo "Not measured: JMH failed, see target/jmh-netty.log."; fi
    rm -f "$work/netty.md"
  done
fi
echo
} >> "$results"
fi

# --- Budgets -----------------------------------------------------------------------------------
# The start-up budgets are judged on the median over the floor, as stated; the minimum is shown
# beside it because on a busy machine the median carries the other work's noise.
budget() { # budget JDK LABEL FLOOR(empty|provider) LIMIT_MS NAME
  local line against
  line=$(grep -F "$1|$2|$3|" "$work/over-floor" 2>/dev/null | head -1) || true
  [ -n "$line" ] || return 0
  IFS='|' read -r _ _ _ paired med mn <<< "$line"
  local verdict; verdict=$(awk -v p="$paired" -v b="$4" 'BEGIN {print (p <= b) ? "holds" : "missed"}')
  against="the empty agent"; [ "$3" = provider ] && against="a resolver provider that does nothing"
  echo "| $5 | within $4 ms of $against | +$paired ms (difference of medians +$med ms, of minimums +$mn ms) | $verdict |" | sed 's/+-/-/g'
}
{
echo "### Budgets"
echo
echo "| figure | budget | this run | |"
echo "|---|---|---|---|"
if [ -f "$work/over-floor" ]; then
  for feature in 21 25; do
    budget "$feature" "dnspatch, resolver provider" provider 10 "resolver provider start-up, JDK $feature: dnspatch's own cost"
    budget "$feature" "dnspatch, resolver provider" empty 10 "resolver provider start-up, JDK $feature"
  done
  for feature in 8 11 17 21 25; do
    budget "$feature" "dnspatch, no hosts configured" empty 5 "no hosts configured start-up, JDK $feature"
  done
  for feature in 8 11 17; do
    budget "$feature" "dnspatch, instrumentation" empty 60 "instrumentation start-up, JDK $feature"
  done
  for feature in 21 25; do
    budget "$feature" "dnspatch, instrumentation (engine=instrument)" empty 60 "instrumentation start-up, JDK $feature"
  done
fi
cat "$work"/lookup-budget.*.md 2>/dev/null
cat "$work/netty-budget.md" 2>/dev/null
jar_bytes=$(stat -c %s "$agent")
verdict="missed"; [ "$jar_bytes" -le 2097152 ] && verdict="holds"
echo "| jar size | at most 2 MB | $(awk -v b="$jar_bytes" 'BEGIN {printf "%.0f KiB", b/1024}') | $verdict |"
echo
} >> "$results"

cat "$results"
echo "written to $results" >&2
