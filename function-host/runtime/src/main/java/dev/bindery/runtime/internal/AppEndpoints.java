package dev.bindery.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import dev.bindery.runtime.BinderyConfig;

/**
 * Where each app id is reached: its {@code bindery.apps.<id>.url} list, else on Kubernetes the service named after it
 * ({@code bindery.invocation.kubernetes-url}), else, for this application's own id, this process. Calls to an app with
 * several URLs go round robin, skipping for {@code eject-for} a URL whose connection failed (unless all are skipped:
 * then the one skipped longest is tried).
 */
final class AppEndpoints {

    /** The pod's namespace, as Kubernetes mounts it for the service account. */
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private final BinderyConfig config;
    private final Map<String, String> environment;
    private final IntSupplier ownPort;
    private final Map<String, App> apps = new ConcurrentHashMap<>();

    /**
     * @param environment the process environment (KUBERNETES_SERVICE_HOST, POD_NAMESPACE)
     * @param ownPort the port this process's HTTP server listens on
     */
    AppEndpoints(BinderyConfig config, Map<String, String> environment, IntSupplier ownPort) {
        this.config = config;
        this.environment = environment;
        this.ownPort = ownPort;
    }

    /** @return whether a URL is known for the app id (configured, by the Kubernetes convention, or this process) */
    boolean reachable(String appId) {
        return resolve(appId).isPresent();
    }

    /**
     * @return the next URL to call for the app
     * @throws IllegalArgumentException when no URL is known for the app id (the reason says how to give one)
     */
    URI next(String appId) {
        App app = apps.computeIfAbsent(appId, id -> new App(resolve(id).orElseThrow(() -> new IllegalArgumentException(
                "no URL is known for it: set bindery.apps." + id + ".url"
                        + (onKubernetes()
                                ? ""
                                : " (on Kubernetes the convention " + config.invocation().kubernetesUrl()
                                        + " applies)")))));
        return app.next(System.nanoTime());
    }

    /** Skips the URL for {@code eject-for}: its connection failed. */
    void failed(String appId, URI url) {
        App app = apps.get(appId);
        if (app != null) {
            app.eject(url, System.nanoTime() + config.invocation().ejectFor().toNanos());
        }
    }

    private Optional<List<URI>> resolve(String appId) {
        BinderyConfig.App app = config.apps().get(appId);
        if (app != null && app.url().isPresent() && !app.url().get().isEmpty()) {
            List<URI> urls = new ArrayList<>();
            for (String url : app.url().get()) {
                urls.add(url("bindery.apps." + appId + ".url", url.trim()));
            }
            return Optional.of(urls);
        }
        if (onKubernetes()) {
            String url = config.invocation().kubernetesUrl().replace("{app-id}", appId).replace("{namespace}",
                    namespace());
            return Optional.of(List.of(url("bindery.invocation.kubernetes-url", url)));
        }
        if (appId.equals(config.appId())) {
            return Optional.of(List.of(URI.create("http://localhost:" + ownPort.getAsInt())));
        }
        return Optional.empty();
    }

    private boolean onKubernetes() {
        return environment.containsKey("KUBERNETES_SERVICE_HOST");
    }

    private String namespace() {
        return config.invocation().namespace().or(() -> Optional.ofNullable(environment.get("POD_NAMESPACE")))
                .or(() -> {
                    try {
                        return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                                ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE, StandardCharsets.UTF_8).trim())
                                : Optional.empty();
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }).orElse("default");
    }

    /** @throws IllegalArgumentException naming the property when the URL is not an absolute http(s) URL */
    static URI url(String property, String value) {
        try {
            URI url = new URI(value);
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new URISyntaxException(value, "not an absolute http or https URL");
            }
            return url;
        } catch (URISyntaxException e) {
            // the value may carry credentials (user:password@, often from a secret): shown redacted, or not at all
            throw new IllegalArgumentException(property + shownIfParsable(value) + " is " + e.getReason());
        }
    }

    private static String shownIfParsable(String value) {
        try {
            return " '" + shown(new URI(value)) + "'";
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /**
     * @return the URL as messages, logs and spans may show it: credentials in it ({@code user:password@}) replaced by
     *         {@code REDACTED}, as OpenTelemetry's {@code url.full} convention asks
     */
    static String shown(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        String text = url.toString();
        int at = text.indexOf(url.getRawUserInfo() + "@");
        return text.substring(0, at) + "REDACTED:REDACTED@" + text.substring(at + url.getRawUserInfo().length() + 1);
    }

    /** One app's URLs, called in turn. */
    private static final class App {
        private final List<URI> urls;
        private final long[] ejectedUntil;
        private final AtomicInteger turn = new AtomicInteger();

        App(List<URI> urls) {
            this.urls = urls;
            this.ejectedUntil = new long[urls.size()];
            java.util.Arrays.fill(ejectedUntil, System.nanoTime());
        }

        URI next(long now) {
            int size = urls.size();
            int start = Math.floorMod(turn.getAndIncrement(), size);
            int earliest = start;
            for (int i = 0; i < size; i++) {
                int index = (start + i) % size;
                long until;
                synchronized (ejectedUntil) {
                    until = ejectedUntil[index];
                }
                if (until - now <= 0) {
                    return urls.get(index);
                }
                synchronized (ejectedUntil) {
                    if (ejectedUntil[index] - ejectedUntil[earliest] < 0) {
                        earliest = index;
                    }
                }
            }
            return urls.get(earliest);
        }

        void eject(URI url, long until) {
            int index = urls.indexOf(url);
            if (index >= 0) {
                synchronized (ejectedUntil) {
                    ejectedUntil[index] = until;
                }
            }
        }
    }
}
