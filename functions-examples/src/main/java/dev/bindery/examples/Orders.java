package dev.bindery.examples;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventContext;
import dev.bindery.function.EventRejectedException;
import dev.bindery.function.OnEvent;
import dev.bindery.function.ReplyWith;

/** Accepts orders; an order that can never be valid is rejected so it is not retried. */
public class Orders {

    @Funq
    @OnEvent(type = "com.example.order.placed")
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
        return order;
    }
}
