package io.gfsbackup.operations.notify.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.gfsbackup.contracts.policy.Violation;

/**
 * One JSON POST to a receiver over HTTP, shared by the webhook and Slack channels: a 2xx answer is a delivery; 408,
 * 429, 5xx, a connection that fails and an answer that does not come in time are transient; any other answer
 * (another 4xx, a redirect, which is never followed) is permanent. Errors name the receiver by scheme, host and port
 * only, never by its path (a Slack webhook's path is its secret).
 */
final class HttpPost {

    /** How much of an error answer's body an error message quotes. */
    static final int BODY_QUOTE = 200;
    private static final int BODY_READ = 4096;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpClient client;
    private final Duration requestTimeout;

    HttpPost(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * POSTs {@code json} to {@code url} with {@code headers} (besides {@code Content-Type: application/json}).
     *
     * @param receiver what the receiver is, for error messages ("webhook", "Slack webhook")
     */
    void post(String receiver, URI url, String json, Map<String, String> headers) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        String at = receiver + " at " + Redaction.origin(url);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(at + " did not answer within its timeout (" + e.getMessage() + ")", true, e);
        } catch (IOException e) {
            throw new DeliveryException(at + " could not be reached: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + at, true, e);
        }
        int status = response.statusCode();
        String body = bodyStart(response.body());
        if (status >= 200 && status < 300) {
            return;
        }
        String answered = at + " answered " + status + (body.isEmpty() ? "" : ": " + body);
        if (status == 408 || status == 429 || status >= 500) {
            throw new DeliveryException(answered, true);
        }
        if (status >= 300 && status < 400) {
            throw new DeliveryException(answered + " (redirects are not followed: give the final URL)", false);
        }
        throw new DeliveryException(answered, false);
    }

    /**
     * Whether {@code url} can be posted to: absolute, with a host, and {@code https}, or {@code http} to this host
     * when {@code allowPlainHttp}.
     */
    static List<Violation> check(String field, URI url, boolean allowPlainHttp) {
        List<Violation> violations = new ArrayList<>();
        String valid = allowPlainHttp
                ? "an https:// URL (or http:// to localhost, 127.0.0.1 or [::1])"
                : "an https:// URL";
        if (url == null) {
            violations.add(new Violation(field, "is required; give " + valid));
            return violations;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            violations.add(new Violation(field, "is not a URL with a host; give " + valid));
        } else if (scheme.equals("http")
                && !(allowPlainHttp && LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT)))) {
            violations.add(new Violation(field, "uses plain http to " + url.getHost() + "; give " + valid));
        }
        return violations;
    }

    /** The start of an answer's body on one line, at most {@link #BODY_QUOTE} characters. */
    private static String bodyStart(InputStream body) {
        try (body) {
            String text = new String(body.readNBytes(BODY_READ), StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ").strip();
            return text.length() <= BODY_QUOTE ? text : text.substring(0, BODY_QUOTE) + "…";
        } catch (IOException e) {
            return "";
        }
    }
}
