package org.acme;

import dev.bindery.actors.Actor;

/** An actor type whose callers could not say which of its two add methods they mean. */
@Actor
public class Cart {

    public void add(String item) {
    }

    public void add(String item, int quantity) {
    }
}
