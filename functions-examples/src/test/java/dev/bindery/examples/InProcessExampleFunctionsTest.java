package dev.bindery.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import io.quarkus.test.common.http.TestHTTPResource;

/** The example contract against the application {@code @QuarkusTest} starts in the test JVM. */
abstract class InProcessExampleFunctionsTest extends ExampleFunctionsContract {

    @TestHTTPResource("/")
    URL root;

    @Override
    Path uploadsDir() {
        return Path.of("target/test-data/uploads");
    }

    @Override
    Path reportsDir() {
        return Path.of("target/test-data/reports");
    }

    @Override
    URI baseUri() {
        try {
            return root.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
