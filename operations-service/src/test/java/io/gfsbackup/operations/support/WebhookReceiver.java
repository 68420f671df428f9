package io.gfsbackup.operations.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of webhook notifications, on a free local port: it records every request (per path) and
 * answers each with the next status queued for its path, 200 when none is.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String path, String idempotencyKey, String timestamp, String signature, String body,
                          JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the webhook receiver", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of {@code path} on this receiver. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    /** Answers the next requests to {@code path} with these statuses, in order, then 200 again. */
    public void answer(String path, Integer... answers) {
        statuses.computeIfAbsent("/" + path, p -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** Every request to {@code path} so far, oldest first (whatever it was answered). */
    public List<Request> received(String path) {
        return requests.stream().filter(request -> request.path().equals("/" + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("X-GFS-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-GFS-Signature"), body, json));
        Deque<Integer> queued = statuses.get(path);
        Integer status;
        synchronized (this) {
            status = queued == null ? null : queued.poll();
        }
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
