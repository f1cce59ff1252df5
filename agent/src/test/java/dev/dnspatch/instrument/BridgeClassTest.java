package dev.dnspatch.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnspatch.AgentJar;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The bridge is written in Java (src/bridge) and compiled apart; the code dnspatch patches into
 * InetAddress and Netty calls it by the names and descriptors in InetAddressPatcher and
 * NettyBridge, and the engines set its hooks by name. A call that does not link would fail inside
 * the JDK's lookup or Netty's event loop, so each is held to the class file the build made.
 */
class BridgeClassTest {
    private static final int PUBLIC_STATIC = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
    private static final String BIFUNCTION = "Ljava/util/function/BiFunction;";

    @Test
    void hasEveryMethodThePatchedCodeCallsAndEveryHookTheEnginesSet() throws Exception {
        Members bridge = read();
        assertEquals(InetAddressPatcher.BRIDGE, bridge.name);
        assertTrue(bridge.version <= Opcodes.V1_8, "class file version " + bridge.version + ": JDK 8 defines it too");

        bridge.assertMethod("filter", InetAddressPatcher.FILTER_DESCRIPTOR);
        bridge.assertMethod(NettyBridge.RESOLVE_ALL, NettyBridge.RESOLVE_DESCRIPTOR);
        bridge.assertMethod(NettyBridge.RESOLVE_FIRST, NettyBridge.RESOLVE_DESCRIPTOR);
        bridge.assertMethod(NettyBridge.RECORD_TYPES, NettyBridge.RECORD_TYPES_DESCRIPTOR);
        bridge.assertMethod(NettyBridge.COMPLETE_EARLY, NettyBridge.COMPLETE_EARLY_DESCRIPTOR);
        bridge.assertMethod(NettyBridge.DONE, NettyBridge.DONE_DESCRIPTOR);
        for (String question : new String[] {NettyBridge.RECORDS, NettyBridge.QUERY, NettyBridge.QUERIED}) {
            bridge.assertMethod(question, NettyBridge.QUESTION_DESCRIPTOR);
        }
        bridge.assertMethod(NettyBridge.ANSWERED, NettyBridge.ANSWERED_DESCRIPTOR);

        for (String hook : new String[] {BridgeClass.HOOK, NettyBridge.ALL_FIELD, NettyBridge.FIRST_FIELD,
                NettyBridge.CONTEXT_FIELD, NettyBridge.QUESTION_FIELD}) {
            bridge.assertHook(hook, BIFUNCTION);
        }
        bridge.assertHook(NettyBridge.DONE, "Ljava/util/function/Consumer;");
    }

    private static Members read() throws Exception {
        byte[] bytes = AgentJar.read(BridgeClass.CLASS_FILE);
        Members members = new Members();
        new ClassReader(bytes).accept(members, ClassReader.SKIP_CODE);
        return members;
    }

    private static final class Members extends ClassVisitor {
        String name;
        int version;
        final Map<String, Integer> methods = new HashMap<>();
        final Map<String, Integer> fields = new HashMap<>();

        Members() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.version = version;
            this.name = name;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            methods.put(name + descriptor, access);
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.put(name + ":" + descriptor, access);
            return null;
        }

        void assertMethod(String method, String descriptor) {
            Integer access = methods.get(method + descriptor);
            assertNotNull(access, "the bridge has no " + method + descriptor + "; it has " + methods.keySet());
            assertEquals(PUBLIC_STATIC, access & PUBLIC_STATIC, method + " is not public static");
        }

        /** Public, so the engines set it through a plain VarHandle; volatile, so every thread sees it at once. */
        void assertHook(String field, String descriptor) {
            Integer access = fields.get(field + ":" + descriptor);
            assertNotNull(access, "the bridge has no hook " + field + " " + descriptor + "; it has " + fields.keySet());
            int wanted = PUBLIC_STATIC | Opcodes.ACC_VOLATILE;
            assertEquals(wanted, access & wanted, field + " is not public static volatile");
        }
    }
}
