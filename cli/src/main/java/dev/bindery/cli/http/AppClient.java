package dev.bindery.cli.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

/**
 * Calls one running application over HTTP with the JDK's client: resolves paths against its base URL (each segment
 * encoded), adds the bearer token when there is one, and turns a failed connection or a timeout into
 * {@link ExitCodes#UNREACHABLE}. The token is sent, never printed.
 */
public final class AppClient {

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;

    public AppClient(URI base, String token, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** @return the app's base URL */
    public URI base() {
        return base;
    }

    /** @return the URL of a path under the base, given as raw segments that are encoded here */
    public URI uri(String... segments) {
        String path = Arrays.stream(segments).map(PathSegments::encode).collect(Collectors.joining("/"));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root).resolve(path);
    }

    /** @return the URL with a query of one {@code name=value} pair (a number, so nothing to encode) */
    public URI uri(long value, String name, String... segments) {
        return URI.create(uri(segments) + "?" + name + "=" + value);
    }

    /** @return a request to the URL, with the token (if any) and the client's timeout */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** Sends the request and reads the whole body. */
    public HttpResponse<byte[]> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends the request with a body handler of the caller's (a stream of lines for server-sent events). */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE,
                    "no answer from " + base + " within " + timeout.toSeconds() + " s (" + request.method() + " "
                            + request.uri().getPath() + ")",
                    e);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot connect to " + base
                    + ": is the app running there? (start it with 'bindery run', or pass --app)", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "the connection to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted while calling " + base, e);
        }
    }
}
