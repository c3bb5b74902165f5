package org.acme;

import io.quarkus.funqy.Funq;

import dev.bindery.function.OnEvent;

public class BadFunctions {

    @Funq
    String hidden(String name) {
        return name;
    }

    @Funq
    public String both(String a, String b) {
        return a + b;
    }

    @Funq
    @OnEvent(type = "com.example.order.placed")
    public void first(String in) {
    }

    @Funq
    @OnEvent(source = "/shop")
    public void second(String in) {
    }

    @Funq
    @OnEvent(type = "com.example.order.placed", sql = "amount > 100 AND (")
    public void unfinishedSql(String in) {
    }
}
