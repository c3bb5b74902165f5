package dev.bindery.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.CDI;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.runtime.Quarkus;

/**
 * The AWS Lambda handler of a Bindery package: {@code dev.bindery.lambda.BinderyStreamHandler::handleRequest}. Lambda
 * creates it once per execution environment; it starts the application as Quarkus' own {@code QuarkusStreamHandler}
 * does (Quarkus' static initialisation when created, the application on the first invocation, or before a SnapStart
 * snapshot), then hands every invocation to the {@code bindery} handler bean ({@link BinderyLambdaHandler}), looked up
 * once. {@code QuarkusStreamHandler} runs the same bean ({@code quarkus.lambda.handler=bindery}, the default in a
 * Bindery package), but looks it up in the CDI container on every invocation.
 *
 * <p>
 * Thread-safe; Lambda invokes it on one thread at a time.
 */
public class BinderyStreamHandler implements RequestStreamHandler {

    /** The bean, once the application has started. */
    private volatile RequestStreamHandler bindery;

    /** Runs Quarkus' static initialisation (once per class loader; Quarkus ignores a second call). */
    public BinderyStreamHandler() {
        Quarkus.manualInitialize();
    }

    /**
     * Starts the application if it has not started yet, then dispatches the invocation.
     *
     * @throws IOException when the input cannot be read or the reply written
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Quarkus.manualStart();
        handler().handleRequest(input, output, context);
    }

    private RequestStreamHandler handler() {
        RequestStreamHandler current = bindery;
        if (current == null) {
            // one lookup: a racing second thread finds the same application-scoped bean
            current = CDI.current().select(BinderyLambdaHandler.class, NamedLiteral.of("bindery")).get();
            bindery = current;
        }
        return current;
    }
}
