package dev.bindery.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bindery.actors.Actor;
import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.function.EventRejectedException;

/**
 * A shopping cart per user, a virtual actor: calls to one cart run one at a time wherever they come from, its items
 * are saved at the end of each call, and a reminder empties it when nobody touched it for a while (even when the cart
 * is not active, or the member that had it is gone).
 */
@Actor("Cart")
public class Cart {

    /** An item to put in the cart. */
    public record Item(String sku, int quantity) {
    }

    /** What the cart holds. */
    public record Contents(String user, List<Item> items, int totalQuantity) {
    }

    @ConfigProperty(name = "examples.cart.expires-after", defaultValue = "30m")
    Duration expiresAfter;

    public Contents addItem(Item item, ActorContext cart) {
        if (item == null || item.sku() == null || item.sku().isBlank() || item.quantity() <= 0) {
            throw new EventRejectedException("Give the item: {\"sku\": \"book-1\", \"quantity\": 1}");
        }
        List<Item> items = new ArrayList<>(items(cart));
        items.add(item);
        cart.state().set("items", items);
        // every change pushes the expiry back: the reminder of the same name is replaced
        cart.reminders().register("expire", Schedule.in(expiresAfter), null,
                ReminderOptions.defaults().callback("expire"));
        return contents(cart, items);
    }

    public Contents contents(ActorContext cart) {
        return contents(cart, items(cart));
    }

    /** The reminder's callback: the cart was left alone too long. */
    public void expire(ActorContext cart) {
        cart.state().remove("items");
    }

    private static List<Item> items(ActorContext cart) {
        return List.of(cart.state().get("items", Item[].class).orElse(new Item[0]));
    }

    private static Contents contents(ActorContext cart, List<Item> items) {
        return new Contents(cart.id(), items, items.stream().mapToInt(Item::quantity).sum());
    }
}
