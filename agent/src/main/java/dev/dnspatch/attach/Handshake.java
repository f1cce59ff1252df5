package dev.dnspatch.attach;

/**
 * What {@code attach} and the agent it loads into a running JVM tell each other. The Attach API
 * carries one string to the agent (its arguments) and can read the target's system properties,
 * nothing else, so:
 *
 * <ul>
 *   <li>the command sends {@code attach:ID:on;OPTIONS} or {@code attach:ID:off;} as the agent
 *       arguments, where ID names this attach and OPTIONS are the user's, as for
 *       {@code -javaagent} (an agent loaded with plain options by another tool is simply an
 *       {@code on});</li>
 *   <li>the agent answers in the system property {@value #RESULT_PROPERTY}: the ID, a status, then
 *       the lines to show, which the command reads with {@code VirtualMachine.getSystemProperties()}.
 *       Its name is outside {@code dnspatch.*}, the options' own properties.</li>
 * </ul>
 */
public final class Handshake {
    public static final String RESULT_PROPERTY = "dev.dnspatch.attach.result";
    /** The patch is in place, with the options given. */
    public static final String PATCHED = "patched";
    /** The patch is switched off; the JDK's own answers again. */
    public static final String OFF = "off";
    /** The options were wrong, or the JVM cannot be patched: the app runs on as it was. */
    public static final String REFUSED = "refused";

    private static final String PREFIX = "attach:";

    private final String id;
    private final boolean off;
    private final String options;

    private Handshake(String id, boolean off, String options) {
        this.id = id;
        this.off = off;
        this.options = options;
    }

    /** The agent arguments the command sends. */
    public static String request(String id, boolean off, String options) {
        return PREFIX + id + (off ? ":off;" : ":on;") + (options == null ? "" : options);
    }

    /** What the agent was asked, from its arguments. */
    public static Handshake parse(String agentArgs) {
        if (agentArgs != null && agentArgs.startsWith(PREFIX)) {
            int end = agentArgs.indexOf(';');
            if (end > 0) {
                String[] header = agentArgs.substring(PREFIX.length(), end).split(":", -1);
                if (header.length == 2) {
                    return new Handshake(header[0], header[1].equals("off"), agentArgs.substring(end + 1));
                }
            }
        }
        return new Handshake("", false, agentArgs);
    }

    public String id() {
        return id;
    }

    public boolean off() {
        return off;
    }

    public String options() {
        return options;
    }

    /** The answer, as the agent writes it into {@value #RESULT_PROPERTY}. */
    public static String result(String id, String status, String lines) {
        return id + " " + status + "\n" + lines;
    }

    /** The status of an answer to this attach ID, or null when the answer is to another one. */
    public static String statusOf(String result, String id) {
        int space = result == null ? -1 : result.indexOf(' ');
        int end = result == null ? -1 : result.indexOf('\n');
        if (space < 0 || end < space || !result.substring(0, space).equals(id)) {
            return null;
        }
        return result.substring(space + 1, end);
    }

    /** The lines to show of an answer. */
    public static String linesOf(String result) {
        return result.substring(result.indexOf('\n') + 1);
    }
}
