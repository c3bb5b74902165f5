package org.acme;

import io.quarkus.funqy.Funq;

public class Shop {

    @Funq
    public String greet(String name) {
        return "Hello " + name;
    }

    @Funq
    public String placeOrder(String item) {
        return item;
    }
}
