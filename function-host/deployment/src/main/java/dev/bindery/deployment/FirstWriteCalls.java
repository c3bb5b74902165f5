package dev.bindery.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jboss.jandex.DotName;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds first-write-wins writes in the application's bytecode: a class calling {@code SaveOptions.ifAbsent()} or
 * {@code SaveOptions.ifMatch(…)}, or naming {@code Concurrency.FIRST_WRITE}, writes first-write-wins to the stores it injects (every one of them, when it injects
 * several: the call site does not say which).
 */
final class FirstWriteCalls {

    private static final String SAVE_OPTIONS = "dev/bindery/state/SaveOptions";
    private static final Set<String> FIRST_WRITE = Set.of("ifAbsent", "ifMatch");
    private static final String CONCURRENCY = "dev/bindery/state/Concurrency";

    private FirstWriteCalls() {
    }

    /**
     * @param storesByClass the stores each class injects
     * @param classes loads the application's class files
     * @return store → the classes writing it first-write-wins
     */
    static Map<String, Set<String>> stores(Map<DotName, Set<String>> storesByClass, ClassLoader classes) {
        Map<String, Set<String>> writers = new TreeMap<>();
        storesByClass.forEach((type, stores) -> {
            if (callsFirstWrite(type.toString(), classes)) {
                stores.forEach(store -> writers.computeIfAbsent(store, s -> new TreeSet<>()).add(type.toString()));
            }
        });
        return writers;
    }

    private static boolean callsFirstWrite(String type, ClassLoader classes) {
        try (InputStream in = classes.getResourceAsStream(type.replace('.', '/') + ".class")) {
            if (in == null) {
                return false;
            }
            boolean[] found = new boolean[1];
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                boolean isInterface) {
                            found[0] |= owner.equals(SAVE_OPTIONS) && FIRST_WRITE.contains(method);
                        }

                        /** A method reference, {@code SaveOptions::ifMatch}. */
                        @Override
                        public void visitInvokeDynamicInsn(String method, String methodDescriptor, Handle bootstrap,
                                Object... arguments) {
                            for (Object argument : arguments) {
                                found[0] |= argument instanceof Handle handle && handle.getOwner().equals(SAVE_OPTIONS)
                                        && FIRST_WRITE.contains(handle.getName());
                            }
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                            found[0] |= owner.equals(CONCURRENCY) && field.equals("FIRST_WRITE");
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return found[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
