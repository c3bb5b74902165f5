package dev.bindery.examples.ingress;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventContext;
import dev.bindery.testing.ConformanceFunctions;
import dev.bindery.testing.ConformanceFunctions.Greeting;
import dev.bindery.testing.ConformanceFunctions.Reply;

/**
 * The canonical functions of the transport conformance contract as the application hosts them: discovered by the
 * build, named as the contract names them, each handing the event to the one {@link ConformanceFunctions} whose runs
 * {@link VertxHttpConformanceTest} counts.
 */
public class HostedConformanceFunctions {

    /** Shared with the test, which runs in the application's class loader. */
    static final ConformanceFunctions FUNCTIONS = new ConformanceFunctions();

    @Funq("conformance-greet")
    public Reply greet(Greeting greeting, EventContext context) {
        return FUNCTIONS.greet(greeting, context);
    }

    @Funq("conformance-record")
    public void record(Greeting greeting, EventContext context) {
        FUNCTIONS.record(greeting, context);
    }

    @Funq("conformance-refuse")
    public void refuse(Greeting greeting, EventContext context) {
        FUNCTIONS.refuse(greeting, context);
    }

    @Funq("conformance-lookup")
    public void lookup(Greeting greeting, EventContext context) {
        FUNCTIONS.lookup(greeting, context);
    }

    @Funq("conformance-flaky")
    public void flaky(Greeting greeting, EventContext context) {
        FUNCTIONS.flaky(greeting, context);
    }

    @Funq("conformance-broken")
    public void broken(Greeting greeting, EventContext context) {
        FUNCTIONS.broken(greeting, context);
    }

    @Funq("conformance-once")
    public void once(Greeting greeting, EventContext context) {
        FUNCTIONS.once(greeting, context);
    }
}
