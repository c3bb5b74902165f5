package dev.bindery.examples.security;

import java.util.TreeSet;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;
import io.quarkus.security.identity.SecurityIdentity;

import dev.bindery.function.EventContext;
import dev.bindery.security.Caller;

/** Test functions that answer who the security stage says sent the event, in Bindery's and in Quarkus' terms. */
public class SecurityFunctions {

    @Inject
    SecurityIdentity identity;

    @Inject
    AdminReports reports;

    @Funq
    public String whoAmI(EventContext context) {
        return context.caller().map(Caller::authId).orElse("nobody");
    }

    @Funq
    public String whoAmIToQuarkus(EventContext context) {
        return identity.getPrincipal().getName() + " " + new TreeSet<>(identity.getRoles());
    }

    @Funq
    public String adminReport(EventContext context) {
        return reports.report();
    }
}
