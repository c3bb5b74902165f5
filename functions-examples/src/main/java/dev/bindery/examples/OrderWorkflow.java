package dev.bindery.examples;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventRejectedException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.Invoker;

/**
 * Service invocation: places an order with the orders application by its app id ({@code examples.orders-app}, by
 * default this application itself, so one process runs the whole example) and replies with the order as it was
 * accepted. Where the orders app runs is configuration ({@code bindery.apps.<app-id>.url}), and so is what a failed
 * call does ({@code bindery.resiliency.*}); an order the orders app rejects is rejected here too (422, not retried),
 * any other failure fails this function (and its event is retried).
 */
public class OrderWorkflow {

    private static final Logger LOG = Logger.getLogger(OrderWorkflow.class);

    @Inject
    Invoker invoker;

    @ConfigProperty(name = "examples.orders-app")
    String ordersApp;

    @Funq
    public Order orderWorkflow(Order order) {
        // with JSON logs on, this line and the orders app's "Order … accepted" carry the same trace id
        LOG.infof("Placing order %s with app %s", order == null ? null : order.getId(), ordersApp);
        try {
            return invoker.invoke(ordersApp, "placeOrder", order, Order.class);
        } catch (InvocationRejectedException rejected) {
            // the orders app will never take this order: reject ours too, so it is not retried either
            throw new EventRejectedException(rejected.getMessage());
        }
    }
}
