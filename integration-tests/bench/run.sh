#!/usr/bin/env bash
# dnspatch's performance record, side by side in one run on this machine:
#   1. start-up of a hello-world that resolves one matching name (interleaved runs), as ratios of
#      each variant to its floor run in the same round, and in ms;
#   2. start-up as the application grows: the same hello-world with a class path of 1, 100 and 500
#      jars, and as a Spring Boot executable jar, on JDK 17 and 25;
#   3. lookup cost, InetAddress.getAllByName under JMH, cached and uncached;
#   4. time to first connection where IPv6 is blackholed;
#   5. footprint: jar size, classes loaded, heap after start-up;
#   6. the Netty hook: its transformer's cost on every class load (an app of 10,000 classes, and
#      the hello-world) against a transformer that only compares one name, and one lookup of
#      Netty's own resolver under JMH, with and without the hook.
# Writes integration-tests/bench/results.md, the record docs/performance.md quotes (commit it when a run is
# the new record), and prints it; a run of only some parts writes integration-tests/bench/target/results.md
# instead and leaves the record alone. It reports and never judges:
# a slow or busy machine gives slow numbers, not a failure. A part that cannot run here (no
# user namespaces, a JDK missing) says so in its place.
#
# usage: integration-tests/bench/run.sh [RUNS]
#   RUNS: start-up runs per variant (start-up, class path and Netty hook parts), at least 15
#   (default 21).
#   BENCH_SKIP_BUILD=1 reuses the jars already built; BENCH_LOOKUP_ROUNDS (default 4) sets how
#   many times each JMH variant is forked (5 one-second iterations each), BENCH_NETTY_ROUNDS
#   (default 2) the same for the Netty lookup; BENCH_EARLIER_AGENT=JAR adds an earlier build to the
#   lookup part, in the same turns, to measure a change; BENCH_PARTS (default
#   "startup classpath lookup connect footprint netty") picks the parts to run.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/jdks.sh

runs=${1:-21}
[ "$runs" -ge 15 ] 2>/dev/null || { echo "RUNS must be a number, at least 15" >&2; exit 2; }
lookup_rounds=${BENCH_LOOKUP_ROUNDS:-4}
all_parts="startup classpath lookup connect footprint netty"
parts=" ${BENCH_PARTS:-$all_parts} "
netty_rounds=${BENCH_NETTY_ROUNDS:-2}
many_classes=10000
part() { [[ "$parts" == *" $1 "* ]]; }
# The record is a run of every part; a run of some of them must not replace it.
all_run=true
for p in $all_parts; do part "$p" || all_run=false; done
connect_runs=9
connect_timeout_ms=2000
footprint_runs=5

root=$PWD
agent=$root/agent/target/dnspatch-agent.jar
bench=$root/integration-tests/bench/jmh
out=$root/integration-tests/bench/target
mkdir -p "$out"
record=$root/integration-tests/bench/results.md
results=$record
if ! $all_run; then
  results=$out/results.md
  echo "only some parts (BENCH_PARTS=\"$BENCH_PARTS\"): writing $results, the record $record stays as it is" >&2
fi

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
# ratio A B: variant A over variant B, from files of one number a line where line r of each is
# round r: "median low high" of the per-round ratios A/B, 3 decimals. A machine that slows down
# for a while slows both runs of a round, so their ratio moves far less than either time.
# low..high is a 95% confidence interval of that median: the order statistics a sign test gives
# (the k-th smallest and k-th largest, k the largest with P(Binomial(n, 1/2) < k) <= 2.5%), so
# nothing is assumed about the shape of the noise.
ratio() {
  paste -d' ' "$1" "$2" | awk 'NF == 2 && $2 > 0 {print $1 / $2}' | sort -g | awk '{a[NR]=$1} END {
    if (NR == 0) { print "- - -"; exit }
    m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
    cum = 0; coef = 1
    for (k = 0; k < NR; k++) { cum += coef * 0.5 ^ NR; if (cum > 0.025) break; coef = coef * (NR - k) / (k + 1) }
    if (k < 1) k = 1
    printf "%.3f %.3f %.3f\n", m, a[k], a[NR - k + 1] }'
}
# index_of ARRAY JDK LABEL: the index, in the named array of "label|JDK|..." entries, of that
# JDK's entry with that label; nothing where there is none.
index_of() {
  local -n entries=$1
  local j l2 f2 rest
  for j in "${!entries[@]}"; do
    IFS='|' read -r l2 f2 rest <<< "${entries[$j]}"
    if [ "$f2" = "$2" ] && [ "$l2" = "$3" ]; then echo "$j"; return; fi
  done
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
$all_run || echo "Only some parts ran (BENCH_PARTS=\"$BENCH_PARTS\"): this is not the record, integration-tests/bench/results.md."
echo
} > "$results"

# --- 1. Start-up -------------------------------------------------------------------------------
if part startup; then
echo "start-up: $runs interleaved runs per variant..." >&2
FLOOR="empty -javaagent (floor)"
NETTY_OFF="dnspatch, hosts=localhost, netty=off"
# label|JDK|java options. Each JDK's group starts with no agent, then the empty agent (the floor).
# JDKs 8 to 17 have no resolver SPI: the instrumentation engine is dnspatch's engine there. The
# hosts=localhost variants run with netty=on, the default; netty=off beside them measures the
# Netty hook in a JVM without Netty.
variants=()
for feature in 8 11 17; do
  [ -n "${jdk[$feature]:-}" ] || continue
  variants+=(
    "no agent|$feature|"
    "$FLOOR|$feature|-javaagent:$empty"
    "dnspatch, no hosts configured|$feature|-javaagent:$agent"
    "dnspatch, instrumentation|$feature|-javaagent:$agent=hosts=localhost"
    "$NETTY_OFF|$feature|-javaagent:$agent=hosts=localhost,netty=off"
  )
done
for feature in 21 25; do
  [ -n "${jdk[$feature]:-}" ] || continue
  variants+=(
    "no agent|$feature|"
    "$FLOOR|$feature|-javaagent:$empty"
    "$PROVIDER_FLOOR|$feature|-javaagent:$provider_floor"
    "dnspatch, no hosts configured|$feature|-javaagent:$agent"
    "dnspatch, resolver provider|$feature|-javaagent:$agent=hosts=localhost"
    "$NETTY_OFF|$feature|-javaagent:$agent=hosts=localhost,netty=off"
    "dnspatch, instrumentation (engine=instrument)|$feature|-javaagent:$agent=hosts=localhost,engine=instrument"
  )
done
for i in "${!variants[@]}"; do : > "$work/start.$i"; : > "$work/cpu.$i"; : > "$work/fail.$i"; done
TIMEFORMAT='%R %U %S'
for run in $(seq 1 "$runs"); do
  for i in "${!variants[@]}"; do
    IFS='|' read -r label feature opts <<< "${variants[$i]}"
    home=${jdk[$feature]}
    # Wall-clock and CPU (user + system, all of the JVM's threads), in microseconds. A run that
    # exits with an error is still timed, and counted below the table.
    # shellcheck disable=SC2086
    times=$( { time "$home/bin/java" $opts -cp "$app_cp" dev.dnspatch.bench.HelloLookup localhost \
        > /dev/null 2>&1; } 2>&1 ) || echo "$run" >> "$work/fail.$i"
    echo "$times" | awk '{printf "%d\n", $1 * 1000000}' >> "$work/start.$i"
    echo "$times" | awk '{printf "%d\n", ($2 + $3) * 1000000}' >> "$work/cpu.$i"
  done
done
# The pairs of the ratio table, "variant|reference", each on every JDK that has both.
ratio_pairs=(
  "$PROVIDER_FLOOR|$FLOOR"
  "dnspatch, no hosts configured|$FLOOR"
  "dnspatch, no hosts configured|$PROVIDER_FLOOR"
  "dnspatch, instrumentation|$FLOOR"
  "dnspatch, resolver provider|$PROVIDER_FLOOR"
  "dnspatch, resolver provider|$FLOOR"
  "$NETTY_OFF|$FLOOR"
  "$NETTY_OFF|$PROVIDER_FLOOR"
  "dnspatch, instrumentation|$NETTY_OFF"
  "dnspatch, resolver provider|$NETTY_OFF"
  "dnspatch, instrumentation (engine=instrument)|$FLOOR"
)
reference_name() {
  case "$1" in
    "$FLOOR") echo "the empty agent" ;;
    "$PROVIDER_FLOOR") echo "the do-nothing provider" ;;
    *) echo "$1" ;;
  esac
}
# pair_ratios JDK VARIANT REFERENCE: "wall low high cpu low high", or nothing where that JDK
# lacks either.
pair_ratios() {
  local a b
  a=$(index_of variants "$1" "$2"); b=$(index_of variants "$1" "$3")
  [ -n "$a" ] && [ -n "$b" ] || return 0
  echo "$(ratio "$work/start.$a" "$work/start.$b") $(ratio "$work/cpu.$a" "$work/cpu.$b")"
}
{
echo "### Start-up"
echo
echo "A hello-world that resolves one matching name (\`localhost\`), $runs interleaved rounds: each round"
echo "runs every variant once, so a variant and its reference ran seconds apart. Times in ms move with"
echo "whatever else the machine does; the ratio of two runs of one round moves far less, so each ratio"
echo "below is the median of the $runs per-round ratios, of wall-clock time and of CPU time (user +"
echo "system, all threads) apart, with a 95% confidence interval of that median (a sign test's: it"
echo "assumes nothing about the noise). The reference of every dnspatch variant is the empty"
echo "\`-javaagent\` on the same JDK, the floor any agent pays; on JDK 21 and 25 also the empty agent"
echo "with a resolver provider that hands back the builtin resolver (*the do-nothing provider*):"
echo "the JDK charges any provider in the jar its cost at the first lookup, dnspatch's included, so"
echo "over it is what dnspatch itself adds. \`dnspatch, instrumentation\` (JDK 8 to 17) and"
echo "\`dnspatch, resolver provider\` (JDK 21, 25) run \`hosts=localhost\` with \`netty=on\`, the"
echo "default; over \`$NETTY_OFF\` is the Netty hook's cost in a JVM without Netty."
echo
} >> "$results"
{
echo "| JDK | variant | over | wall ratio | 95% interval | CPU ratio | 95% interval |"
echo "|---|---|---|---|---|---|---|"
for feature in 8 11 17 21 25; do
  for pair in "${ratio_pairs[@]}"; do
    IFS='|' read -r a b <<< "$pair"
    r=$(pair_ratios "$feature" "$a" "$b")
    [ -n "$r" ] || continue
    read -r w wl wh c cl ch <<< "$r"
    echo "| $feature | $a | $(reference_name "$b") | $w | $wl to $wh | $c | $cl to $ch |"
  done
done
echo
} > "$work/startup-ratios.md"
cat "$work/startup-ratios.md" >> "$results"
{
echo "The same runs in ms: *over the floor* is the median of the per-round differences against the"
echo "empty agent, followed by the difference of the medians and of the minimums (the least disturbed"
echo "runs); *over the do-nothing provider* the same per-round median against that floor."
echo
echo "| JDK | variant | min ms | median ms | max ms | over the floor | difference of medians | difference of minimums | over the do-nothing provider | median / no agent | CPU ms (median) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for i in "${!variants[@]}"; do
  IFS='|' read -r label feature opts <<< "${variants[$i]}"
  references variants "$feature" "$FLOOR"
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
for i in "${!variants[@]}"; do
  if [ -s "$work/fail.$i" ]; then
    IFS='|' read -r label feature opts <<< "${variants[$i]}"
    echo "JDK $feature, $label: $(wc -l < "$work/fail.$i") of $runs runs exited with an error (timed all the same)."
  fi
done
} >> "$results"
# target LIMIT NAME JDK VARIANT REFERENCE: a row of the targets table. Within the target when both
# the wall and the CPU ratio are at most LIMIT.
target() {
  local r w wl wh c cl ch verdict
  r=$(pair_ratios "$3" "$4" "$5")
  [ -n "$r" ] || return 0
  read -r w wl wh c cl ch <<< "$r"
  verdict=$(awk -v w="$w" -v c="$c" -v t="$1" 'BEGIN {
    if (w <= t && c <= t) print "holds"; else if (c <= t) print "missed (wall)"
    else if (w <= t) print "missed (CPU)"; else print "missed (wall and CPU)" }')
  echo "| $2 | $3 | $w ($wl to $wh) | $c ($cl to $ch) | at most $1 | $verdict |"
}
# netty_target JDK VARIANT: the Netty hook is within noise when 1 lies in, or above, the 95%
# interval of both medians: netty=on is not measurably slower than netty=off.
netty_target() {
  local r w wl wh c cl ch verdict
  r=$(pair_ratios "$1" "$2" "$NETTY_OFF")
  [ -n "$r" ] || return 0
  read -r w wl wh c cl ch <<< "$r"
  verdict=$(awk -v wl="$wl" -v cl="$cl" 'BEGIN {
    if (wl <= 1 && cl <= 1) print "holds"; else if (cl <= 1) print "missed (wall)"
    else if (wl <= 1) print "missed (CPU)"; else print "missed (wall and CPU)" }')
  echo "| Netty hook without Netty: hosts=localhost (netty=on) over netty=off | $1 | $w ($wl to $wh) | $c ($cl to $ch) | within noise: 1 in or above the interval | $verdict |"
}
{
echo "Targets, on the ratios above (median and its 95% interval), judged on the medians: a target"
echo "holds when both the wall and the CPU ratio are within it."
echo
echo "| target | JDK | wall ratio | CPU ratio | target | this run |"
echo "|---|---|---|---|---|---|"
for feature in 21 25; do
  target 1.03 "resolver provider (hosts=localhost) over the do-nothing provider" "$feature" "dnspatch, resolver provider" "$PROVIDER_FLOOR"
done
for feature in 8 11 17 21 25; do
  target 1.01 "no hosts configured over the empty agent" "$feature" "dnspatch, no hosts configured" "$FLOOR"
  target 1.01 "no hosts configured over the do-nothing provider (any provider's cost left out)" "$feature" "dnspatch, no hosts configured" "$PROVIDER_FLOOR"
done
for feature in 8 11 17; do
  target 1.10 "instrumentation engine (hosts=localhost) over the empty agent" "$feature" "dnspatch, instrumentation" "$FLOOR"
done
for feature in 8 11 17; do netty_target "$feature" "dnspatch, instrumentation"; done
for feature in 21 25; do netty_target "$feature" "dnspatch, resolver provider"; done
echo
} > "$work/startup-targets.md"
cat "$work/startup-targets.md" >> "$results"
# The ratios on stdout as soon as they exist, ahead of the other parts (the whole record follows
# at the end).
echo "Start-up, $runs interleaved rounds: median of the per-round ratios"
echo
cat "$work/startup-ratios.md" "$work/startup-targets.md"
fi

# --- 2. Start-up as the application grows ------------------------------------------------------
if part classpath; then
echo "class path: $runs interleaved runs per variant..." >&2
# An app's libraries: 500 small jars of 3 empty classes each, written by one JVM (500 runs of the
# jar tool would take minutes). The hello-world's classes stay first on the class path, so it needs
# nothing from them: what grows is what the JVM and an agent do with a longer class path.
cp_sizes="1 100 500"
boot_libs=100
"$JAVA_HOME/bin/java" -cp "$app_cp" dev.dnspatch.bench.GenerateJars "$work/libs" 500 3
libs=("$work"/libs/j*.jar)
declare -A cpath=()
for n in $cp_sizes; do cpath[$n]=$app_cp:$(IFS=:; echo "${libs[*]:0:$n}"); done
# The same app as a Spring Boot executable jar, laid out as Spring Boot's build plugins lay it out
# (the loader at the root, the app in BOOT-INF/classes/, 100 of those jars stored in BOOT-INF/lib/)
# and started as one is: java -jar, the loader's JarLauncher, then the app in its own class loader.
loader_jar=$bench/target/spring-boot-loader.jar
boot_version=$(sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' "$bench/pom.xml")
boot_jar=$work/boot-app.jar
boot_reason=
if [ ! -f "$loader_jar" ]; then
  boot_reason="$loader_jar is missing (run without BENCH_SKIP_BUILD once)"
elif ! "$JAVA_HOME/bin/java" -cp "$app_cp" dev.dnspatch.bench.BootJar "$boot_jar" "$loader_jar" "$app_cp" \
    dev.dnspatch.bench.HelloLookup "$boot_version" "${libs[@]:0:$boot_libs}" 2> "$work/bootjar.err"; then
  boot_reason="writing it failed: $(head -n 1 "$work/bootjar.err")"
fi
cp_apps="$cp_sizes"; [ -z "$boot_reason" ] && cp_apps="$cp_apps boot"
app_name() {
  case "$1" in
    1) echo "1 jar" ;;
    boot) echo "Spring Boot jar, $boot_libs nested jars" ;;
    *) echo "$1 jars" ;;
  esac
}
CP_EMPTY="empty -javaagent"
CP_NOHOSTS="dnspatch, no hosts configured"
CP_HOSTS="dnspatch, hosts=localhost"
# label|JDK|app|java options, app a class path size or boot. JDK 25 also has the do-nothing
# provider: the JDK charges any resolver provider in an agent its cost at the first lookup.
pvariants=()
for feature in 17 25; do
  [ -n "${jdk[$feature]:-}" ] || continue
  for app in $cp_apps; do
    pvariants+=("no agent|$feature|$app|" "$CP_EMPTY|$feature|$app|-javaagent:$empty")
    [ "$feature" -ge 18 ] && pvariants+=("$PROVIDER_FLOOR|$feature|$app|-javaagent:$provider_floor")
    pvariants+=("$CP_NOHOSTS|$feature|$app|-javaagent:$agent" "$CP_HOSTS|$feature|$app|-javaagent:$agent=hosts=localhost")
  done
done
# cp_index JDK APP LABEL: that variant's index, nothing where there is none.
cp_index() {
  local j l2 f2 a2 o2
  for j in "${!pvariants[@]}"; do
    IFS='|' read -r l2 f2 a2 o2 <<< "${pvariants[$j]}"
    if [ "$f2" = "$1" ] && [ "$a2" = "$2" ] && [ "$l2" = "$3" ]; then echo "$j"; return; fi
  done
}
# hello JDK APP OPTS: the hello-world once, on that class path or as the Spring Boot jar.
hello() {
  local java=${jdk[$1]}/bin/java
  # shellcheck disable=SC2086
  if [ "$2" = boot ]; then "$java" $3 -jar "$boot_jar" localhost
  else "$java" $3 -cp "${cpath[$2]}" dev.dnspatch.bench.HelloLookup localhost; fi
}
# Every variant once before timing (which also brings every jar into the page cache): it must exit
# cleanly and print what the hello-world prints with the same options from its own classes
# directory. A variant that does not is named below the table and not timed.
declare -A expected=() broken=()
for i in "${!pvariants[@]}"; do
  IFS='|' read -r label feature app opts <<< "${pvariants[$i]}"
  if [ -z "${expected["$feature|$opts"]+set}" ]; then
    # shellcheck disable=SC2086
    expected["$feature|$opts"]=$("${jdk[$feature]}/bin/java" $opts -cp "$app_cp" dev.dnspatch.bench.HelloLookup localhost 2>/dev/null)
  fi
  want=${expected["$feature|$opts"]}
  got=$(hello "$feature" "$app" "$opts" 2> "$work/hello.err"); rc=$?
  if [ "$rc" != 0 ] || [ "$got" != "$want" ] || ! [[ "$got" =~ ^[0-9]+$ ]]; then
    broken[$i]="exit status $rc, printed '${got//$'\n'/ }' where the hello-world prints '$want'; stderr: $(head -n 1 "$work/hello.err")"
  fi
done
for i in "${!pvariants[@]}"; do : > "$work/cp.start.$i"; : > "$work/cp.cpu.$i"; : > "$work/cp.fail.$i"; done
TIMEFORMAT='%R %U %S'
for run in $(seq 1 "$runs"); do
  for i in "${!pvariants[@]}"; do
    [ -z "${broken[$i]:-}" ] || continue
    IFS='|' read -r label feature app opts <<< "${pvariants[$i]}"
    times=$( { time hello "$feature" "$app" "$opts" > /dev/null 2>&1; } 2>&1 ) || echo "$run" >> "$work/cp.fail.$i"
    echo "$times" | awk '{printf "%d\n", $1 * 1000000}' >> "$work/cp.start.$i"
    echo "$times" | awk '{printf "%d\n", ($2 + $3) * 1000000}' >> "$work/cp.cpu.$i"
  done
done
# cp_ratio JDK APP VARIANT REFERENCE: "wall / CPU", the medians of the per-round ratios; empty
# where either did not run.
cp_ratio() {
  local a b w c
  a=$(cp_index "$1" "$2" "$3"); b=$(cp_index "$1" "$2" "$4")
  [ -n "$a" ] && [ -n "$b" ] && [ -s "$work/cp.start.$a" ] && [ -s "$work/cp.start.$b" ] || return 0
  read -r w _ <<< "$(ratio "$work/cp.start.$a" "$work/cp.start.$b")"
  read -r c _ <<< "$(ratio "$work/cp.cpu.$a" "$work/cp.cpu.$b")"
  echo "$w / $c"
}
# cp_ms JDK APP VARIANT: "wall / CPU", the medians in ms.
cp_ms() {
  local a; a=$(cp_index "$1" "$2" "$3")
  [ -n "$a" ] && [ -s "$work/cp.start.$a" ] || return 0
  awk -v w="$(median "$work/cp.start.$a")" -v c="$(median "$work/cp.cpu.$a")" 'BEGIN {printf "%.0f / %.0f", w / 1000, c / 1000}'
}
{
echo "### Start-up as the application grows"
echo
echo "The hello-world of the start-up table (\`HelloLookup localhost\`) with its classes directory first"
echo "on a class path of 1, 100 or 500 more jars (each a manifest and 3 empty classes the app never"
echo "loads), and as a Spring Boot $boot_version executable jar started with \`java -jar\` (the loader's"
echo "classes at its root, \`Main-Class: org.springframework.boot.loader.launch.JarLauncher\`, the"
echo "hello-world in \`BOOT-INF/classes/\`, $boot_libs of those jars stored uncompressed in \`BOOT-INF/lib/\`)."
echo "Variants as in the start-up table, and on JDK 25 the do-nothing provider too (JDK 17 has no"
echo "resolver provider SPI). An agent's jar goes at the end of the class path, so each of its classes"
echo "is looked for in every jar before it; and on JDK 18 and later the first lookup asks the class"
echo "path for resolver providers, so there even the app without an agent opens every jar. $runs"
echo "interleaved rounds, every variant once per round; each ratio is the median of the per-round"
echo "ratios, of wall-clock time and of CPU time (user + system, all threads): \`wall / CPU\`."
for feature in 17 25; do
  if [ -n "${jdk[$feature]:-}" ]; then echo "JDK $feature: $(jdk_describe "${jdk[$feature]}")."
  else echo "JDK $feature: not found here; its rows are left out."; fi
done
[ -z "$boot_reason" ] || echo "The Spring Boot jar: not measured, $boot_reason."
echo
} >> "$results"
{
echo "| JDK | application | empty agent / no agent | dnspatch, no hosts / empty agent | dnspatch, hosts=localhost / empty agent | do-nothing provider / empty agent | dnspatch, no hosts / do-nothing provider | dnspatch, hosts=localhost / do-nothing provider |"
echo "|---|---|---|---|---|---|---|---|"
for feature in 17 25; do
  [ -n "${jdk[$feature]:-}" ] || continue
  for app in $cp_apps; do
    echo "| $feature | $(app_name "$app") | $(cp_ratio "$feature" "$app" "$CP_EMPTY" "no agent") |" \
      "$(cp_ratio "$feature" "$app" "$CP_NOHOSTS" "$CP_EMPTY") | $(cp_ratio "$feature" "$app" "$CP_HOSTS" "$CP_EMPTY") |" \
      "$(cp_ratio "$feature" "$app" "$PROVIDER_FLOOR" "$CP_EMPTY") | $(cp_ratio "$feature" "$app" "$CP_NOHOSTS" "$PROVIDER_FLOOR") |" \
      "$(cp_ratio "$feature" "$app" "$CP_HOSTS" "$PROVIDER_FLOOR") |"
  done
done
echo
} > "$work/classpath-ratios.md"
cat "$work/classpath-ratios.md" >> "$results"
{
echo "The same runs, medians in ms (\`wall / CPU\`)."
echo
echo "| JDK | application | no agent | empty agent | do-nothing provider | dnspatch, no hosts | dnspatch, hosts=localhost |"
echo "|---|---|---|---|---|---|---|"
for feature in 17 25; do
  [ -n "${jdk[$feature]:-}" ] || continue
  for app in $cp_apps; do
    echo "| $feature | $(app_name "$app") | $(cp_ms "$feature" "$app" "no agent") | $(cp_ms "$feature" "$app" "$CP_EMPTY") |" \
      "$(cp_ms "$feature" "$app" "$PROVIDER_FLOOR") | $(cp_ms "$feature" "$app" "$CP_NOHOSTS") | $(cp_ms "$feature" "$app" "$CP_HOSTS") |"
  done
done
echo
if [ "${#broken[@]}" -gt 0 ]; then
  for i in "${!broken[@]}"; do
    IFS='|' read -r label feature app opts <<< "${pvariants[$i]}"
    echo "JDK $feature, $(app_name "$app"), $label: not timed, it failed its check run (${broken[$i]})."
  done
else
  boot_too=", the Spring Boot jar's included"; [ -z "$boot_reason" ] || boot_too=
  echo "Before timing, every variant ran once and printed what the hello-world prints with the same"
  echo "options from its own classes directory$boot_too."
fi
for i in "${!pvariants[@]}"; do
  if [ -s "$work/cp.fail.$i" ]; then
    IFS='|' read -r label feature app opts <<< "${pvariants[$i]}"
    echo "JDK $feature, $(app_name "$app"), $label: $(wc -l < "$work/cp.fail.$i") of $runs timed runs exited with an error (timed all the same)."
  fi
done
echo
} >> "$results"
echo "Start-up as the application grows, $runs interleaved rounds: median of the per-round ratios, wall / CPU"
echo
cat "$work/classpath-ratios.md"
fi

# --- 3. Lookup cost (JMH) --------------------------------------------------------------------
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

# --- 4. Time to first connection ---------------------------------------------------------------
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

# --- 5. Footprint ------------------------------------------------------------------------------
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

# --- 6. The Netty hook -------------------------------------------------------------------------
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
if $all_run; then echo "written to $results, the record" >&2
else echo "written to $results (only some parts ran; the record $record is unchanged)" >&2; fi
