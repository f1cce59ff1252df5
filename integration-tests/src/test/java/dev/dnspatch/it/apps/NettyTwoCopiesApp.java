package dev.dnspatch.it.apps;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * An app that loads Netty twice, as app servers and plugin hosts do: two class loaders of its
 * own, each defining Netty and {@link NettyResolveApp} from the same jars (the class path given
 * in {@code app.netty.path}), and runs NettyResolveApp in each, one after the other, with the
 * names given, after a line that names the copy.
 */
public final class NettyTwoCopiesApp {
    private NettyTwoCopiesApp() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<URL>();
        for (String entry : System.getProperty("app.netty.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        for (int copy = 1; copy <= 2; copy++) {
            // The parent is the system loader's parent, so neither copy can see the other's classes.
            URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
                    ClassLoader.getSystemClassLoader().getParent());
            // By name: this class's own loader has no Netty, so it must not link NettyResolveApp itself.
            Class<?> app = Class.forName("dev.dnspatch.it.apps.NettyResolveApp", true, loader);
            System.out.println("copy " + copy + ": " + (app.getClassLoader() == loader ? "its own Netty" : "shared"));
            Method main = app.getMethod("main", String[].class);
            main.invoke(null, (Object) args);
            loader.close();
        }
    }
}
