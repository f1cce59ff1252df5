package dev.dnspatch.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A separate JVM started the way users start theirs, optionally with the built agent jar. */
public final class ForkedJvm {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path java;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> classPath = new ArrayList<>();
    private String agentArgs;
    private boolean agent;
    private Namespace namespace;
    private long timeoutSeconds = TIMEOUT_SECONDS;

    private ForkedJvm(Path java) {
        this.java = java;
        classPath.add(testClasses().toString());
    }

    public static ForkedJvm on(Path java) {
        return new ForkedJvm(java);
    }

    /** The shaded jar that {@code mvn package} built: the one users get. */
    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("dnspatch.agent.jar", "../agent/target/dnspatch-agent.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not built: " + jar + " (run mvn verify from the top)");
        }
        return jar;
    }

    public static Path testClasses() {
        return Paths.get(System.getProperty("dnspatch.test.classes", "target/test-classes")).toAbsolutePath();
    }

    /** Adds {@code -javaagent:dnspatch-agent.jar[=args]}. */
    public ForkedJvm withAgent(String args) {
        this.agent = true;
        this.agentArgs = args;
        return this;
    }

    public ForkedJvm jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Sets an environment variable for the JVM. It is applied after the outer shell's JVM and
     * dnspatch settings are removed, so {@code env("JAVA_TOOL_OPTIONS", ...)} sets them for this run only.
     */
    public ForkedJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ForkedJvm classPath(Path entry) {
        classPath.add(entry.toString());
        return this;
    }

    public ForkedJvm classPath(List<Path> entries) {
        entries.forEach(this::classPath);
        return this;
    }

    /** How long the JVM may run before it counts as hung and is killed. */
    public ForkedJvm timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public ForkedJvm in(Namespace namespace) {
        this.namespace = namespace;
        return this;
    }

    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> launcher = new ArrayList<>(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass));
        launcher.addAll(List.of(args));
        return launch(launcher.toArray(new String[0]));
    }

    /** {@code java [OPTIONS] -jar JAR ARGS}: an application packaged as a jar, its class path in its manifest. */
    public Result runJar(Path jar, String... args) throws IOException, InterruptedException {
        List<String> launcher = new ArrayList<>(List.of("-jar", jar.toString()));
        launcher.addAll(List.of(args));
        return launch(launcher.toArray(new String[0]));
    }

    /**
     * Launches with {@code launcher} in place of {@code -cp CLASSPATH MAIN}, for example
     * {@code -jar app.jar} or {@code -p mods -m module/main}; the test classes are not added.
     */
    public Result launch(String... launcher) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        // Options first, so another -javaagent given as an option loads before dnspatch.
        command.addAll(jvmOptions);
        if (agent) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(List.of(launcher));
        return execute(command);
    }

    /** {@code java -jar dnspatch-agent.jar ARGS}: the agent's command line. */
    public Result runJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(agentJar().toString());
        command.addAll(List.of(args));
        return execute(command);
    }

    /**
     * Starts {@code java [OPTIONS] -cp CLASSPATH MAIN ARGS} and returns at once, for a test that acts
     * on the app while it runs.
     */
    public Running start(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        if (agent) {
            command.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass));
        command.addAll(List.of(args));
        if (namespace != null) {
            command = namespace.wrap(command);
        }
        Path out = Files.createTempFile("dnspatch-it", ".out");
        Path err = Files.createTempFile("dnspatch-it", ".err");
        out.toFile().deleteOnExit();
        err.toFile().deleteOnExit();
        Process process = builder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(command, process, out, err, timeoutSeconds);
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        // The outer shell's settings must not leak into the scenario.
        environment.keySet().removeIf(name -> name.startsWith("DNSPATCH_") || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        environment.putAll(env);
        return builder;
    }

    private Result execute(List<String> command) throws IOException, InterruptedException {
        if (namespace != null) {
            command = namespace.wrap(command);
        }
        ProcessBuilder builder = builder(command);
        Path out = Files.createTempFile("dnspatch-it", ".out");
        Path err = Files.createTempFile("dnspatch-it", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("forked JVM did not finish in " + timeoutSeconds + " s: " + command);
            }
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A JVM that {@link #start} started, while it runs. */
    public static final class Running implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;
        private final long timeoutSeconds;

        Running(List<String> command, Process process, Path out, Path err, long timeoutSeconds) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.timeoutSeconds = timeoutSeconds;
        }

        /** The process started: the JVM itself, unless a launcher script stands in for java. */
        public Process process() {
            return process;
        }

        public List<String> stdoutLines() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8).lines().toList();
        }

        public String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits until stdout has a line that {@code condition} accepts, and returns it. */
        public String awaitLine(Predicate<String> condition, long timeoutMillis)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (true) {
                for (String line : stdoutLines()) {
                    if (condition.test(line)) {
                        return line;
                    }
                }
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("no such line within " + timeoutMillis + " ms\n" + this);
                }
                Thread.sleep(50);
            }
        }

        /** Waits for the JVM to exit by itself, within the timeout, and returns what it did. */
        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                close();
                throw new AssertionError("forked JVM did not finish in " + timeoutSeconds + " s: " + command);
            }
            return result();
        }

        /** Stops the JVM and returns what it did. */
        public Result stop() throws IOException, InterruptedException {
            close();
            return result();
        }

        private Result result() throws IOException {
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /** Kills the JVM and whatever it started, if still running. */
        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }

        @Override
        public String toString() {
            try {
                return "command: " + String.join(" ", command) + "\n--- stdout\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr\n" + stderr();
            } catch (IOException e) {
                return "command: " + String.join(" ", command) + " (output unreadable: " + e + ")";
            }
        }
    }

    /** What the forked JVM did. */
    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(List<String> command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        public List<String> stderrLines() {
            return stderr.lines().toList();
        }

        /** The value of the first stdout line starting with {@code key + ": "}. */
        public String line(String key) {
            String prefix = key + ": ";
            return stdout.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .findFirst().orElseThrow(() -> new AssertionError("no line '" + key + "' in\n" + this));
        }

        @Override
        public String toString() {
            return "command: " + String.join(" ", command) + "\nexit: " + exitCode + "\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
        }
    }
}
