package dev.dnspatch.netty;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The few calls of Netty's public API that the hook makes, by reflection: dnspatch is compiled
 * against no Netty, and each copy of Netty (one per class loader that defines it) has classes of
 * its own. They are found from the public interfaces of the objects Netty hands the hook, never
 * by name through a class loader, so nothing of Netty's is loaded that Netty had not loaded, and
 * cached per class in a {@link ClassValue}, which keeps no class loader alive.
 */
final class NettyApi {
    private static final ClassValue<NettyApi> BY_EXECUTOR = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> executorType) {
            return new NettyApi(executorType);
        }
    };
    private static final ClassValue<Method> RESOLVE_ALL = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> resolverType) {
            return method(find(resolverType, "io.netty.resolver.NameResolver"), "resolveAll", String.class);
        }
    };
    private static final ClassValue<Method> INT_VALUE = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> recordType) {
            return method(recordType, "intValue");
        }
    };

    private final Method newPromise;
    private final Method addListener;
    private final Class<?> listenerType;
    private final Method isSuccess;
    private final Method getNow;
    private final Method cause;
    private final Method trySuccess;
    private final Method tryFailure;

    private NettyApi(Class<?> executorType) {
        newPromise = method(find(executorType, "io.netty.util.concurrent.EventExecutor"), "newPromise");
        Class<?> promise = newPromise.getReturnType();
        Class<?> future = find(promise, "io.netty.util.concurrent.Future");
        listenerType = listenerType(future);
        addListener = method(future, "addListener", listenerType);
        isSuccess = method(future, "isSuccess");
        getNow = method(future, "getNow");
        cause = method(future, "cause");
        trySuccess = method(promise, "trySuccess", Object.class);
        tryFailure = method(promise, "tryFailure", Throwable.class);
    }

    /** The API of the Netty that this executor (the resolver's event loop) belongs to. */
    static NettyApi of(Object executor) {
        return BY_EXECUTOR.get(executor.getClass());
    }

    Object newPromise(Object executor) throws Exception {
        return call(newPromise, executor);
    }

    /** Adds a listener that hands the completed future to {@code handler}. */
    void addListener(Object future, InvocationHandler handler) throws Exception {
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                handler);
        call(addListener, future, listener);
    }

    boolean isSuccess(Object future) throws Exception {
        return (Boolean) call(isSuccess, future);
    }

    Object getNow(Object future) throws Exception {
        return call(getNow, future);
    }

    Throwable cause(Object future) throws Exception {
        return (Throwable) call(cause, future);
    }

    void trySuccess(Object promise, Object value) throws Exception {
        call(trySuccess, promise, value);
    }

    void tryFailure(Object promise, Throwable failure) throws Exception {
        call(tryFailure, promise, failure);
    }

    /** {@code NameResolver.resolveAll(host)}: a new lookup, through the patched resolver. */
    static Object resolveAll(Object resolver, String host) throws Exception {
        return call(RESOLVE_ALL.get(resolver.getClass()), resolver, host);
    }

    /** A {@code DnsRecordType}'s number: 1 for A, 28 for AAAA. */
    static int recordType(Object type) throws Exception {
        return (Integer) call(INT_VALUE.get(type.getClass()), type);
    }

    private static Object call(Method method, Object target, Object... arguments) throws Exception {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /** A public method of a public type, so calling it needs no access checks beyond the usual. */
    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no " + name + " method", e);
        }
    }

    /** The class or interface of this name among {@code type} and its supertypes. */
    private static Class<?> find(Class<?> type, String name) {
        Class<?> found = search(type, name);
        if (found == null) {
            throw new IllegalStateException(type.getName() + " is not a " + name);
        }
        return found;
    }

    /** The listener interface, as Future.addListener declares it. */
    private static Class<?> listenerType(Class<?> future) {
        for (Method method : future.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals("addListener") && parameters.length == 1
                    && parameters[0].getName().equals("io.netty.util.concurrent.GenericFutureListener")) {
                return parameters[0];
            }
        }
        throw new IllegalStateException(future.getName() + " has no addListener(GenericFutureListener)");
    }

    private static Class<?> search(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
            for (Class<?> implemented : c.getInterfaces()) {
                Class<?> found = search(implemented, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
