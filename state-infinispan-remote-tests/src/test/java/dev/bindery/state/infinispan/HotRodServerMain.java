package dev.bindery.state.infinispan;

import java.nio.file.Path;

/**
 * {@link HotRodTestServer} as a process of its own, for tests elsewhere that stop (kill) a Hot Rod server and start it
 * again, or change a user's password while it runs:
 * {@code java -cp <this module's test class path> dev.bindery.state.infinispan.HotRodServerMain <port> [--users <file>]}.
 * Without {@code --users} anyone may connect; with it, a connection logs in with SASL {@code PLAIN} as a user of that
 * properties file ({@code user=password}), read again at each login (see {@link UsersFileAuthenticator}). Prints
 * {@code hotrod ready <address>} once it listens; runs until killed. The build writes the dependencies' class path to
 * {@code target/hotrod-server.classpath}; put {@code target/test-classes} before it.
 */
public final class HotRodServerMain {

    private HotRodServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        HotRodTestServer server;
        if (args.length == 3 && args[1].equals("--users")) {
            server = HotRodTestServer.start(port, UsersFileAuthenticator.requiring(Path.of(args[2])));
        } else if (args.length == 1) {
            server = HotRodTestServer.start(port);
        } else {
            throw new IllegalArgumentException("usage: HotRodServerMain <port> [--users <properties file>]");
        }
        System.out.println("hotrod ready " + server.address());
        Thread.currentThread().join();
    }
}
