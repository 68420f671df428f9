package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds free TCP ports on the loopback interface. */
public final class FreePorts {

    /** Ports handed out before: the operating system may offer a port again once its probe socket is closed. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 1000;

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago and that this process has not handed out before, so that two servers started
     * side by side never get the same port; the caller binds it soon after.
     */
    public static int find() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new InfrastructureException("no free port on loopback that was not handed out before");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InfrastructureException("no free port on loopback", e);
        }
    }
}
