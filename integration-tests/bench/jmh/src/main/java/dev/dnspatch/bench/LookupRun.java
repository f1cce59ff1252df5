package dev.dnspatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LookupBenchmark} in forked JVMs, with and without dnspatch, cached and uncached,
 * for a name the agent patches and one it does not, and prints a Markdown table of ns per
 * lookup. The variants take turns, round after round, so drift on a busy machine hits them
 * alike. Meant to run inside a network namespace whose /etc/hosts holds both names.
 *
 * <p>usage: LookupRun JAVA AGENT_JAR MATCHING_NAME OTHER_NAME ROUNDS TABLE.md BUDGET.md LABEL
 * [EARLIER_JAR]; the second file gets the rows of the lookup budgets for the budget table, named
 * with LABEL (the JDK and engine). With EARLIER_JAR (an earlier build, to measure a change), a third
 * variant runs it in the same turns, and the table compares the two builds.
 */
public final class LookupRun {
    private LookupRun() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        String java = args[0];
        String agent = args[1];
        String matching = args[2];
        String other = args[3];
        int rounds = Integer.parseInt(args[4]);
        Path output = Paths.get(args[5]);
        Path budgetOutput = Paths.get(args[6]);
        String label = args[7];
        String earlier = args.length > 8 ? args[8] : null;

        Path noCache = Files.createTempFile("dnspatch-bench", ".security");
        // ttl=0: every lookup goes to the resolver (glibc and the hosts file), none to the JVM's cache.
        write(noCache, "networkaddress.cache.ttl=0\nnetworkaddress.cache.negative.ttl=0\n");
        String[] caches = {"cached", "uncached"};
        String[] agents = earlier == null ? new String[] {"no agent", "dnspatch"}
                : new String[] {"no agent", "earlier build", "dnspatch"};
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String cache : caches) {
                // Which of the pair runs first alternates per round, so a machine getting busier or
                // quieter during the run favours neither.
                String[] order = agents.clone();
                if (round % 2 == 1) {
                    Collections.reverse(Arrays.asList(order));
                }
                for (String withAgent : order) {
                    List<String> jvmArgs = new ArrayList<>();
                    if (!withAgent.equals("no agent")) {
                        jvmArgs.add("-javaagent:" + (withAgent.equals("dnspatch") ? agent : earlier) + "=hosts="
                                + matching);
                    }
                    if (cache.equals("uncached")) {
                        jvmArgs.add("-Djava.security.properties=" + noCache);
                    }
                    ChainedOptionsBuilder options = new OptionsBuilder()
                            .include(LookupBenchmark.class.getName())
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
                        String name = result.getParams().getParam("name");
                        List<Double> list = scores.computeIfAbsent(key(cache, name, withAgent), k -> new ArrayList<>());
                        for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                            for (IterationResult iteration : benchmark.getIterationResults()) {
                                list.add(iteration.getPrimaryResult().getScore());
                            }
                        }
                    }
                }
            }
        }
        Files.deleteIfExists(noCache);

        StringBuilder table = new StringBuilder();
        table.append("| lookup | name | no agent, ns (min / median / max) | dnspatch, ns (min / median / max)"
                + " | difference of medians |\n|---|---|---|---|---|\n");
        for (String cache : caches) {
            for (String name : new String[] {matching, other}) {
                List<Double> without = scores.get(key(cache, name, "no agent"));
                List<Double> with = scores.get(key(cache, name, "dnspatch"));
                double base = median(without);
                double diff = median(with) - base;
                table.append("| ").append(cache).append(" | ").append(name)
                        .append(name.equals(matching) ? " (matching)" : " (not matching)")
                        .append(" | ").append(summary(without)).append(" | ").append(summary(with))
                        .append(" | ").append(String.format(Locale.ROOT, "%+.0f ns (%+.1f%%)", diff, 100 * diff / base))
                        .append(" |\n");
            }
        }
        if (earlier != null) {
            table.append("\n| lookup | name | earlier build, ns (min / median / max) | this build, ns (min / median /"
                    + " max) | difference of medians |\n|---|---|---|---|---|\n");
            for (String cache : caches) {
                for (String name : new String[] {matching, other}) {
                    List<Double> before = scores.get(key(cache, name, "earlier build"));
                    List<Double> after = scores.get(key(cache, name, "dnspatch"));
                    double base = median(before);
                    double diff = median(after) - base;
                    table.append("| ").append(cache).append(" | ").append(name)
                            .append(name.equals(matching) ? " (matching)" : " (not matching)")
                            .append(" | ").append(summary(before)).append(" | ").append(summary(after))
                            .append(" | ").append(String.format(Locale.ROOT, "%+.0f ns (%+.1f%%)", diff, 100 * diff / base))
                            .append(" |\n");
                }
            }
        }
        write(output, table);
        System.out.print(table);

        // Uncached: the resolver runs every time, so the agent's work is in every lookup.
        double uncached = percent(scores, "uncached", matching);
        // Cached: the JVM answers from its cache before any resolver or patch runs. The noise is
        // the spread of the no-agent iterations themselves.
        double cached = Math.max(Math.abs(percent(scores, "cached", matching)),
                Math.abs(percent(scores, "cached", other)));
        double noise = Math.max(spread(scores.get(key("cached", matching, "no agent"))),
                spread(scores.get(key("cached", other, "no agent"))));
        String budget = String.format(Locale.ROOT,
                "| uncached lookup of a matching name, %s | at most 5%% slower than no agent | %+.1f%% | %s |%n"
                        + "| cached lookup, %s | no difference beyond noise | at most %.1f%% apart; the no-agent"
                        + " iterations alone spread %.1f%% | %s |%n",
                label, uncached, uncached <= 5 ? "holds" : "missed", label, cached, noise,
                cached <= noise ? "holds" : "missed");
        write(budgetOutput, budget);
    }

    private static double percent(Map<String, List<Double>> scores, String cache, String name) {
        double base = median(scores.get(key(cache, name, "no agent")));
        return 100 * (median(scores.get(key(cache, name, "dnspatch"))) - base) / base;
    }

    /** (max - min) / median of one variant's iterations, in percent. */
    private static double spread(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return 100 * (sorted.get(sorted.size() - 1) - sorted.get(0)) / median(sorted);
    }

    static String key(String cache, String name, String agent) {
        return cache + "|" + name + "|" + agent;
    }

    static String summary(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", sorted.get(0), median(sorted),
                sorted.get(sorted.size() - 1));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void write(Path file, CharSequence text) throws IOException {
        Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
