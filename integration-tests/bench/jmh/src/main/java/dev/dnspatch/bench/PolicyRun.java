package dev.dnspatch.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PolicyBenchmark} with two builds of the agent, taking turns round after round, and
 * prints ns per call of each: what a change costs each lookup, apart from the resolver.
 *
 * <p>usage: PolicyRun JAVA EARLIER_JAR THIS_JAR ROUNDS
 */
public final class PolicyRun {
    private PolicyRun() {
    }

    public static void main(String[] args) throws Exception {
        String java = args[0];
        String[] jars = {args[1], args[2]};
        String[] labels = {"earlier build", "this build"};
        int rounds = Integer.parseInt(args[3]);
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int which = round % 2 == 0 ? turn : 1 - turn;
                Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(PolicyBenchmark.class.getName())
                        .jvm(java)
                        .jvmArgsAppend("-javaagent:" + jars[which] + "=hosts=db.bench.test,log=off")
                        .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1)).build()).run();
                List<Double> list = scores.computeIfAbsent(labels[which], k -> new ArrayList<>());
                for (RunResult result : results) {
                    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                        for (IterationResult iteration : benchmark.getIterationResults()) {
                            list.add(iteration.getPrimaryResult().getScore());
                        }
                    }
                }
            }
        }
        double before = LookupRun.median(scores.get(labels[0]));
        double after = LookupRun.median(scores.get(labels[1]));
        System.out.println("| policy call | earlier build, ns (min / median / max) | this build, ns (min / median / max)"
                + " | difference of medians |\n|---|---|---|---|");
        System.out.println("| db.bench.test, 2001:db8::1 and 127.0.0.1, ipv4-only | " + LookupRun.summary(
                scores.get(labels[0])) + " | " + LookupRun.summary(scores.get(labels[1])) + " | "
                + String.format(Locale.ROOT, "%+.1f ns", after - before) + " |");
    }
}
