package dev.dnspatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link NettyLookupBenchmark} in forked JVMs with and without dnspatch (whose hook patches
 * Netty's resolver), for a name the agent patches and one it does not, and prints a Markdown table
 * of ns per lookup. The two variants take turns, round after round, as in {@link LookupRun}.
 *
 * <p>usage: NettyLookupRun JAVA AGENT_JAR MATCHING_NAME OTHER_NAME ROUNDS TABLE.md
 */
public final class NettyLookupRun {
    private static final String[] SOURCES = {"hosts", "cached", "uncached"};

    private NettyLookupRun() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        String java = args[0];
        String agent = args[1];
        String matching = args[2];
        String other = args[3];
        int rounds = Integer.parseInt(args[4]);
        Path output = Paths.get(args[5]);
        String[] agents = {"no agent", "dnspatch"};
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            String[] order = round % 2 == 0 ? agents : new String[] {agents[1], agents[0]};
            for (String withAgent : order) {
                List<String> jvmArgs = new ArrayList<>();
                if (withAgent.equals("dnspatch")) {
                    jvmArgs.add("-javaagent:" + agent + "=hosts=" + matching);
                }
                if (!System.getProperty("java.specification.version").startsWith("1.")
                        && Integer.parseInt(System.getProperty("java.specification.version")) >= 24) {
                    jvmArgs.add("--sun-misc-unsafe-memory-access=allow");
                }
                OptionsBuilder options = new OptionsBuilder();
                options.include(NettyLookupBenchmark.class.getName())
                        .jvm(java)
                        .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                        .param("name", matching, other)
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1));
                Collection<RunResult> results = new Runner(options.build()).run();
                for (RunResult result : results) {
                    String key = LookupRun.key(result.getParams().getParam("source"),
                            result.getParams().getParam("name"), withAgent);
                    List<Double> list = scores.computeIfAbsent(key, k -> new ArrayList<>());
                    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                        for (IterationResult iteration : benchmark.getIterationResults()) {
                            list.add(iteration.getPrimaryResult().getScore());
                        }
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| answer from | name | no agent, ns (min / median / max) | dnspatch, ns (min / median / max)"
                + " | difference of medians |\n|---|---|---|---|---|\n");
        for (String source : SOURCES) {
            for (String name : new String[] {matching, other}) {
                List<Double> without = scores.get(LookupRun.key(source, name, "no agent"));
                List<Double> with = scores.get(LookupRun.key(source, name, "dnspatch"));
                double base = LookupRun.median(without);
                double diff = LookupRun.median(with) - base;
                table.append("| ").append(source).append(" | ").append(name)
                        .append(name.equals(matching) ? " (matching)" : " (not matching)")
                        .append(" | ").append(LookupRun.summary(without)).append(" | ")
                        .append(LookupRun.summary(with)).append(" | ")
                        .append(String.format(Locale.ROOT, "%+.0f ns (%+.1f%%)", diff, 100 * diff / base))
                        .append(" |\n");
            }
        }
        Files.write(output, table.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(table);
    }
}
