package dev.bindery.examples;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

import dev.bindery.actors.ActorClient;
import dev.bindery.function.EventRejectedException;
import dev.bindery.invocation.InvocationRejectedException;

/** Functions that use the {@link Cart} actor: each user's cart is one actor, whichever member runs the function. */
public class Shopping {

    /** A user adds an item to their cart. */
    public record AddToCart(String user, String sku, int quantity) {
    }

    @Inject
    ActorClient actors;

    @Funq
    public Cart.Contents addToCart(AddToCart request) {
        if (request == null || request.user() == null || request.user().isBlank()) {
            throw new EventRejectedException("Give the user: {\"user\": \"u-42\", \"sku\": \"book-1\", \"quantity\": 1}");
        }
        try {
            return actors.call("Cart", request.user(), "addItem", new Cart.Item(request.sku(), request.quantity()),
                    Cart.Contents.class);
        } catch (InvocationRejectedException rejected) {
            // the cart refused the item: so does this function (a 4xx, never retried)
            throw new EventRejectedException(rejected.getMessage(), rejected);
        }
    }
}
