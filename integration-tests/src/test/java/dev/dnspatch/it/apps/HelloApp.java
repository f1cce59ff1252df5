package dev.dnspatch.it.apps;

/** An app that does nothing but say it ran: what a bad configuration must never stop. */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) {
        System.out.println("hello from the app");
    }
}
