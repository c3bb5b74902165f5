package dev.bindery.examples.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** A bean only callers in the group {@code admins} may use, checked by Quarkus security. */
@ApplicationScoped
public class AdminReports {

    @RolesAllowed("admins")
    public String report() {
        return "the admins' report";
    }
}
