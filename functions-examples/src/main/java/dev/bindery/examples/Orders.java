package dev.bindery.examples;

import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.funqy.Funq;

import dev.bindery.function.Delivery;
import dev.bindery.function.EventContext;
import dev.bindery.function.EventRejectedException;
import dev.bindery.function.NotFoundException;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.OutboxPublish;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;
import dev.bindery.state.Store;

/**
 * Accepts orders, keeps them and publishes each accepted one to the {@code orders} topic through the transactional
 * outbox; an order that can never be valid is rejected so it is not retried.
 */
public class Orders {

    private static final Logger LOG = Logger.getLogger(Orders.class);

    /** Where accepted orders are published. */
    public static final String ORDERS_TOPIC = "orders";

    /** The id of an order to look up. */
    public record OrderId(String id) {
    }

    @Inject
    @Store("orders")
    StateStore orders;

    /**
     * Stores the order under its id, first-write-wins, and publishes it to the {@code orders} topic in the same state
     * transaction (the transactional outbox): the order is announced if and only if it was stored, even when the broker
     * is down at that moment or the host crashes right after the commit. Placing the same order id again does not
     * overwrite or announce it again, and the reply is the order as first stored, so redelivered events are harmless.
     * On Knative the Broker tries a failing order three times in all, a second apart at first ({@code @Delivery}).
     */
    @Funq
    @OnEvent(type = "com.example.order.placed")
    @Delivery(retryAttempts = 3, retryInitialDelay = "1s")
    @ReplyWith(type = "com.example.order.accepted")
    public Order placeOrder(Order order, EventContext context) {
        if (order == null || order.getItem() == null || order.getItem().isBlank()) {
            throw new EventRejectedException("The order names no item");
        }
        if (order.getQuantity() <= 0) {
            throw new EventRejectedException("The quantity must be greater than 0, was " + order.getQuantity());
        }
        if (order.getId() == null) {
            order.setId(context.id());
        }
        context.setReplySubject(order.getId());
        try {
            orders.transact(List.of(StateOperation.save(order.getId(), order, SaveOptions.ifAbsent())),
                    List.of(OutboxPublish.of(PublishRequest.to(ORDERS_TOPIC).data(order)
                            .type("com.example.order.accepted").subject(order.getId()).orderingKey(order.getId())
                            .build())));
            // with JSON logs on, this line carries the event id and trace id (see the README's Observability)
            LOG.infof("Order %s accepted", order.getId());
            return order;
        } catch (ETagMismatchException alreadyPlaced) {
            return orders.get(order.getId()).orElseThrow().value(Order.class);
        }
    }

    @Funq
    @OnEvent(type = "com.example.order.get")
    @ReplyWith(type = "com.example.order")
    public Order getOrder(OrderId id) {
        if (id == null || id.id() == null) {
            throw new EventRejectedException("Give the order id: {\"id\": \"...\"}");
        }
        return orders.get(id.id()).map(item -> item.value(Order.class))
                .orElseThrow(() -> new NotFoundException("No order has id '" + id.id() + "'"));
    }
}
