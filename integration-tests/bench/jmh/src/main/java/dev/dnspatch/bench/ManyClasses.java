package dev.dnspatch.bench;

/**
 * An app that loads COUNT classes from its class path (those {@link GenerateClasses} wrote), as a
 * large app does at start-up: every one of them passes each registered class file transformer.
 * usage: ManyClasses COUNT
 */
public final class ManyClasses {
    private ManyClasses() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        int count = Integer.parseInt(args[0]);
        ClassLoader loader = ManyClasses.class.getClassLoader();
        int loaded = 0;
        for (int i = 0; i < count; i++) {
            loaded += Class.forName(String.format("gen.C%05d", i), false, loader) != null ? 1 : 0;
        }
        System.out.println(loaded);
    }
}
