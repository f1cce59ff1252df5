package dev.dnspatch.netty;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The few calls of Netty's public API that the hook makes, by reflection: dnspatch is compiled
 * against no Netty, and each copy of Netty (one per class loader that defines it, and one per
 * package a client relocated it to) has classes of its own. They are found among the public
 * interfaces and classes of the objects Netty hands the hook, by their names in that copy (the
 * copy's package prefix, then {@code io.netty...}), never through a class loader, so nothing of
 * Netty's is loaded that Netty had not loaded. One instance per copy, cached per executor class in
 * a {@link ClassValue}, which keeps no class loader alive.
 */
final class NettyApi {
    static final int A = 1;
    static final int AAAA = 28;
    private static final String EVENT_EXECUTOR = "io.netty.util.concurrent.EventExecutor";
    private static final String RESOLVER = "io.netty.resolver.dns.DnsNameResolver";
    private static final ClassValue<NettyApi> BY_EXECUTOR = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> executorType) {
            return new NettyApi(executorType);
        }
    };
    private static final ClassValue<Method> RESOLVE_ALL = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> resolverType) {
            Class<?> resolver = bySuffix(resolverType, RESOLVER);
            String prefix = resolver.getName().substring(0, resolver.getName().length() - RESOLVER.length());
            return method(find(resolverType, prefix + "io.netty.resolver.NameResolver"), "resolveAll", String.class);
        }
    };

    /** {@code ReferenceCounted.release()} of the object's copy of Netty, or null where it counts none. */
    private static final ClassValue<Method> RELEASE = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            Class<?> counted = search(type, "io.netty.util.ReferenceCounted", true);
            return counted == null ? null : method(counted, "release");
        }
    };

    /** "" for the original Netty, else the relocation's package prefix, such as "org.apache.pulsar.shade.". */
    private final String prefix;
    private final Method newPromise;
    private final Method addListener;
    private final Class<?> listenerType;
    private final Method isSuccess;
    private final Method getNow;
    private final Method cause;
    private final Method trySuccess;
    private final Method tryFailure;
    /** The calls on DNS records and on messages, found on the first one seen of each. */
    private volatile Records records;
    private volatile Message message;

    private NettyApi(Class<?> executorType) {
        Class<?> executor = bySuffix(executorType, EVENT_EXECUTOR);
        prefix = executor.getName().substring(0, executor.getName().length() - EVENT_EXECUTOR.length());
        newPromise = method(executor, "newPromise");
        Class<?> promise = newPromise.getReturnType();
        Class<?> future = find(promise, prefix + "io.netty.util.concurrent.Future");
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

    boolean trySuccess(Object promise, Object value) throws Exception {
        return (Boolean) call(trySuccess, promise, value);
    }

    void tryFailure(Object promise, Throwable failure) throws Exception {
        call(tryFailure, promise, failure);
    }

    /**
     * Whether this is the {@code DnsErrorCauseException} of this copy: Netty's cause for a
     * question DNS answered with an error code (NXDOMAIN, SERVFAIL), unlike a timeout.
     */
    boolean isDnsErrorCause(Throwable cause) {
        return cause.getClass().getName().equals(prefix + "io.netty.resolver.dns.DnsErrorCauseException");
    }

    /** {@code NameResolver.resolveAll(host)}: a new lookup, through the patched resolver. */
    static Object resolveAll(Object resolver, String host) throws Exception {
        return call(RESOLVE_ALL.get(resolver.getClass()), resolver, host);
    }

    /** A {@code DnsRecordType}'s number: 1 for A, 28 for AAAA. */
    static int recordType(Object type) throws Exception {
        return (Integer) call(type.getClass().getMethod("intValue"), type);
    }

    /** A DNS record's (or question's) type number. */
    int typeOf(Object record) throws Exception {
        Records r = records(record);
        return (Integer) call(r.intValue, call(r.type, record));
    }

    /** A DNS record's (or question's) name, as Netty has it (often with the root's trailing dot). */
    String nameOf(Object record) throws Exception {
        return (String) call(records(record).name, record);
    }

    /** The bytes of an A or AAAA record, or null where it holds no address of that size. */
    byte[] addressOf(Object record, int type) throws Exception {
        Records r = records(record);
        if (r.content == null || !r.content.getDeclaringClass().isInstance(record)) {
            return null;
        }
        Object content = call(r.content, record);
        int length = (Integer) call(r.readableBytes, content);
        if (length != (type == A ? 4 : 16)) {
            return null;
        }
        byte[] bytes = new byte[length];
        call(r.getBytes, content, call(r.readerIndex, content), bytes);
        return bytes;
    }

    /** Releases what Netty handed over and nobody will take: its records and responses count references. */
    void release(Object counted) throws Exception {
        Method release = RELEASE.get(counted.getClass());
        if (release != null) {
            call(release, counted);
        }
    }

    /** The DNS response in an {@code AddressedEnvelope} that {@code query} completes. */
    Object response(Object envelope) throws Exception {
        return call(method(find(envelope.getClass(), prefix + "io.netty.channel.AddressedEnvelope"), "content"),
                envelope);
    }

    /** How many records the response's answer section holds. */
    int answers(Object response) throws Exception {
        Message m = message(response);
        return (Integer) call(m.count, response, m.answer);
    }

    Object answerAt(Object response, int index) throws Exception {
        Message m = message(response);
        return call(m.recordAt, response, m.answer, index);
    }

    /** Removes an answer from the response, and releases it. */
    void removeAnswer(Object response, int index) throws Exception {
        Message m = message(response);
        release(call(m.removeRecord, response, m.answer, index));
    }

    private Records records(Object record) {
        Records r = records;
        if (r == null) {
            r = new Records(record.getClass(), prefix);
            records = r;
        }
        return r;
    }

    private Message message(Object response) throws Exception {
        Message m = message;
        if (m == null) {
            m = new Message(find(response.getClass(), prefix + "io.netty.handler.codec.dns.DnsMessage"));
            message = m;
        }
        return m;
    }

    /** The calls on a DNS record, from {@code DnsRecord} and {@code ByteBufHolder}. */
    private static final class Records {
        final Method name;
        final Method type;
        final Method intValue;
        /** Null where the first record seen held no buffer (a question): then found on the next. */
        final Method content;
        final Method readerIndex;
        final Method readableBytes;
        final Method getBytes;

        Records(Class<?> recordType, String prefix) {
            Class<?> record = find(recordType, prefix + "io.netty.handler.codec.dns.DnsRecord");
            name = method(record, "name");
            type = method(record, "type");
            intValue = method(type.getReturnType(), "intValue");
            // The buffer type, by name from the record type's loader (loaded long since: every
            // channel uses buffers): a question has none, but its copy of Netty has it.
            Class<?> holder = loaded(recordType, prefix + "io.netty.buffer.ByteBufHolder");
            content = holder == null ? null : method(holder, "content");
            Class<?> buffer = content == null ? null : content.getReturnType();
            readerIndex = buffer == null ? null : method(buffer, "readerIndex");
            readableBytes = buffer == null ? null : method(buffer, "readableBytes");
            getBytes = buffer == null ? null : method(buffer, "getBytes", int.class, byte[].class);
        }
    }

    /** The calls on a DNS message's answer section. */
    private static final class Message {
        final Method count;
        final Method recordAt;
        final Method removeRecord;
        final Object answer;

        Message(Class<?> message) {
            Class<?> section = null;
            for (Method m : message.getMethods()) {
                if (m.getName().equals("count") && m.getParameterTypes().length == 1) {
                    section = m.getParameterTypes()[0];
                }
            }
            if (section == null || !section.isEnum()) {
                throw new IllegalStateException(message.getName() + " has no count(DnsSection)");
            }
            count = method(message, "count", section);
            recordAt = method(message, "recordAt", section, int.class);
            removeRecord = method(message, "removeRecord", section, int.class);
            answer = enumConstant(section, "ANSWER");
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }
    }

    /**
     * A class of this copy that is already loaded: asked of the loader of a class that uses it,
     * without initializing it. Null where the copy lacks it.
     */
    private static Class<?> loaded(Class<?> user, String name) {
        try {
            return Class.forName(name, false, user.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
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
        Class<?> found = search(type, name, false);
        if (found == null) {
            throw new IllegalStateException(type.getName() + " is not a " + name);
        }
        return found;
    }

    /**
     * The class or interface among {@code type} and its supertypes whose name is this one, or
     * this one after a package prefix: the type that tells which copy of Netty an object is of.
     */
    private static Class<?> bySuffix(Class<?> type, String name) {
        Class<?> found = search(type, name, true);
        if (found == null) {
            throw new IllegalStateException(type.getName() + " is not a " + name + " of any copy of Netty");
        }
        return found;
    }

    /** The listener interface, as Future.addListener declares it. */
    private Class<?> listenerType(Class<?> future) {
        for (Method method : future.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals("addListener") && parameters.length == 1
                    && parameters[0].getName().equals(prefix + "io.netty.util.concurrent.GenericFutureListener")) {
                return parameters[0];
            }
        }
        throw new IllegalStateException(future.getName() + " has no addListener(GenericFutureListener)");
    }

    private static Class<?> search(Class<?> type, String name, boolean suffix) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String own = c.getName();
            if (own.equals(name) || suffix && own.endsWith("." + name)) {
                return c;
            }
            for (Class<?> implemented : c.getInterfaces()) {
                Class<?> found = search(implemented, name, suffix);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
