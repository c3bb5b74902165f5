package dev.bindery.state.infinispan;

/**
 * {@link HotRodTestServer} as a process of its own, for tests elsewhere that stop (kill) a Hot Rod server and start it
 * again: {@code java -cp <this module's test class path> dev.bindery.state.infinispan.HotRodServerMain <port>}. Prints
 * {@code hotrod ready <address>} once it listens; runs until killed. The build writes the dependencies' class path to
 * {@code target/hotrod-server.classpath}; put {@code target/test-classes} before it.
 */
public final class HotRodServerMain {

    private HotRodServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        HotRodTestServer server = HotRodTestServer.start(Integer.parseInt(args[0]));
        System.out.println("hotrod ready " + server.address());
        Thread.currentThread().join();
    }
}
