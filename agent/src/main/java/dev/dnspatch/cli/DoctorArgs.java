package dev.dnspatch.cli;

/** {@code doctor HOST[:PORT] [--dns SERVER[:PORT]] [--timeout MS] [--json]}, parsed and checked. */
final class DoctorArgs {
    static final int DEFAULT_TIMEOUT_MILLIS = 3000;
    private static final int MAX_TIMEOUT_MILLIS = 600_000;

    final Endpoint target;
    /** Null: the system's DNS servers. */
    final Endpoint dns;
    final int timeoutMillis;
    final boolean json;

    private DoctorArgs(Endpoint target, Endpoint dns, int timeoutMillis, boolean json) {
        this.target = target;
        this.dns = dns;
        this.timeoutMillis = timeoutMillis;
        this.json = json;
    }

    /** A bad command line, said in one line; the command exits 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A host and an optional port (-1): {@code db.example.com}, {@code db.example.com:5432}, {@code [2001:db8::1]:5432}. */
    static final class Endpoint {
        final String host;
        final int port;

        Endpoint(String host, int port) {
            this.host = host;
            this.port = port;
        }

        boolean hasPort() {
            return port >= 0;
        }

        static Endpoint parse(String what, String text) throws UsageException {
            String host = text.trim();
            String port = null;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0 || (close + 1 < host.length() && host.charAt(close + 1) != ':')) {
                    throw new UsageException(what + " must be HOST, HOST:PORT or [IPV6]:PORT [" + text + "]");
                }
                port = close + 1 < host.length() ? host.substring(close + 2) : null;
                host = host.substring(1, close);
            } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
                port = host.substring(host.indexOf(':') + 1);
                host = host.substring(0, host.indexOf(':'));
            }
            // More than one colon and no brackets: an IPv6 literal without a port.
            if (host.isEmpty() || host.startsWith("-")) {
                throw new UsageException(what + " is missing [" + text + "]");
            }
            return new Endpoint(host, port == null ? -1 : number(what + " port", port, 1, 65535));
        }
    }

    static DoctorArgs parse(String[] args, int from) throws UsageException {
        Endpoint target = null;
        Endpoint dns = null;
        int timeout = DEFAULT_TIMEOUT_MILLIS;
        boolean json = false;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") && arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = name.equals(arg) ? null : arg.substring(name.length() + 1);
            if (name.equals("--json") && inline == null) {
                json = true;
            } else if (name.equals("--dns") || name.equals("--timeout")) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                if (name.equals("--dns")) {
                    dns = Endpoint.parse("--dns", value);
                } else {
                    timeout = number("--timeout", value, 1, MAX_TIMEOUT_MILLIS);
                }
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else if (target != null) {
                throw new UsageException("one host at a time, got '" + target.host + "' and '" + arg + "'");
            } else {
                target = Endpoint.parse("HOST", arg);
            }
        }
        if (target == null) {
            throw new UsageException("name a host: doctor HOST[:PORT]");
        }
        return new DoctorArgs(target, dns, timeout, json);
    }

    private static int number(String what, String text, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(what + " must be a number from " + min + " to " + max + " [" + text + "]");
    }
}
