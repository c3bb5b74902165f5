package dev.bindery.examples;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Prints where the example listens and a request to try. */
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    void onStart(@Observes StartupEvent start, @ConfigProperty(name = "quarkus.http.port") int port) {
        LOG.infof("Bindery examples listen on http://localhost:%d/ - try:%n"
                + "  curl -i http://localhost:%d/ -H 'ce-specversion: 1.0' -H 'ce-id: 1' -H 'ce-source: /curl'"
                + " -H 'ce-type: greet' -H 'content-type: application/json' -d '{\"name\":\"Ada\"}'", port, port);
    }
}
