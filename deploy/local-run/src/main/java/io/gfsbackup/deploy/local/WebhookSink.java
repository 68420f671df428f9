package io.gfsbackup.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.gfsbackup.deploy.infra.InfrastructureException;

/**
 * A webhook receiver for the local run (local and test use only): prints the subject of every notification the
 * operations service delivers, and appends each request (its idempotency key, signature and JSON body) to a file.
 * It answers 204, so every delivery counts as received.
 */
public final class WebhookSink implements AutoCloseable {

    /** One request received: its headers of interest and body. */
    public record Received(String idempotencyKey, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookSink(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} of the loopback interface (0: any free port). */
    public static WebhookSink start(int port, Path log, PrintStream out) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WebhookSink sink = new WebhookSink(server);
            server.createContext("/notifications", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Received request = new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                            exchange.getRequestHeaders().getFirst("X-GFS-Timestamp"),
                            exchange.getRequestHeaders().getFirst("X-GFS-Signature"), body);
                    sink.received.add(request);
                    if (log != null) {
                        Files.createDirectories(log.getParent());
                        Files.writeString(log, "Idempotency-Key: " + request.idempotencyKey() + "\n"
                                        + "X-GFS-Signature: " + request.signature() + "\n" + body + "\n\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                    if (out != null) {
                        out.println("  notification received: " + subjectOf(body));
                    }
                    exchange.sendResponseHeaders(204, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return sink;
        } catch (IOException e) {
            throw new InfrastructureException("could not start the local webhook receiver on port " + port, e);
        }
    }

    /** Where to POST notifications. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notifications");
    }

    /** What was received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    private static String subjectOf(String body) {
        int at = body.indexOf("\"subject\":\"");
        if (at < 0) {
            return body.length() > 200 ? body.substring(0, 200) + " ..." : body;
        }
        int start = at + "\"subject\":\"".length();
        int end = body.indexOf('"', start);
        return end < 0 ? body.substring(start) : body.substring(start, end);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
