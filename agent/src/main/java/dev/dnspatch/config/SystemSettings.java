package dev.dnspatch.config;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.Collections;
import java.util.Map;

/**
 * The JVM's system properties and environment, read under the agent's own permissions.
 *
 * <p>Under a {@code SecurityManager} (JDK 8 to 23) the caller's permissions count too: on JDK
 * 18 to 23 the JDK creates resolver providers with only the permission to be one, so a provider
 * that reads its configuration outside {@code doPrivileged} is denied, whatever the policy grants
 * the agent's jar. Without a {@code SecurityManager} (always, from JDK 24) they are read
 * directly: the privileged actions are classes that premain would load for nothing. Anonymous
 * classes, not lambdas: a lambda's bootstrap costs start-up time.
 */
public final class SystemSettings {
    private SystemSettings() {
    }

    /** Throws SecurityException when the policy denies the agent's jar. */
    public static Map<?, ?> properties() {
        if (System.getSecurityManager() == null) {
            return System.getProperties();
        }
        return AccessController.doPrivileged(new PrivilegedAction<Map<?, ?>>() {
            @Override
            public Map<?, ?> run() {
                return System.getProperties();
            }
        });
    }

    /** Throws SecurityException when the policy denies the agent's jar. */
    public static Map<String, String> env() {
        if (System.getSecurityManager() == null) {
            return System.getenv();
        }
        return AccessController.doPrivileged(new PrivilegedAction<Map<String, String>>() {
            @Override
            public Map<String, String> run() {
                return System.getenv();
            }
        });
    }

    /** For reporting a problem, where nothing may throw: what cannot be read counts as unset. */
    public static Map<?, ?> propertiesOrNone() {
        try {
            return properties();
        } catch (SecurityException denied) {
            return Collections.emptyMap();
        }
    }

    public static Map<String, String> envOrNone() {
        try {
            return env();
        } catch (SecurityException denied) {
            return Collections.emptyMap();
        }
    }
}
