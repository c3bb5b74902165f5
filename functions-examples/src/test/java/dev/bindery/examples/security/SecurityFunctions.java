package dev.bindery.examples.security;

import io.quarkus.funqy.Funq;

import dev.bindery.function.EventContext;
import dev.bindery.security.Caller;

/** A test function that answers who the security stage says sent the event. */
public class SecurityFunctions {

    @Funq
    public String whoAmI(EventContext context) {
        return context.caller().map(Caller::authId).orElse("nobody");
    }
}
