package dev.bindery.internal.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;

/**
 * Authentication and access control, one stage for every transport. It always removes the identity extensions an event
 * arrives with ({@code authtype}, {@code authid}, {@code authclaims}): a caller is only what a credential proved. When
 * security is on it then verifies the request's {@link Credentials} (a caller the transport verified, else the token
 * through each {@link Authenticator} in turn), asks the {@link AccessPolicy}, and either lets the event on with the
 * caller set as its Auth Context extensions or ends the dispatch {@link Outcome.Denied}: unauthenticated (401) or
 * forbidden (403). A denial's message names neither the policy nor which functions exist; the {@link Denials}
 * listener gets the detail for the log and the metric.
 */
public final class SecurityStage implements Stage {

    /** Told of every denial, once. */
    public interface Denials {
        /**
         * @param outcome the denial as the sender sees it
         * @param request the request
         * @param caller the verified caller when there is one (a 403), else null
         * @param why the detail for the log: which check failed, which policy decided
         */
        void denied(Outcome.Denied outcome, DispatchRequest request, Caller caller, String why);
    }

    static final String FORBIDDEN = "The caller is not allowed to do this";
    static final String MISSING = "A credential is required: send 'Authorization: Bearer <token>' or a '"
            + Credentials.API_TOKEN + "' header";

    private final boolean enabled;
    private final List<Authenticator> authenticators;
    private final AccessPolicy policy;
    private final Denials denials;
    private final Function<Caller, Supplier<InvocationListener.Scope>> identity;

    /**
     * @param enabled false: only remove identity extensions
     * @param authenticators tried in order on a presented token
     */
    public SecurityStage(boolean enabled, List<Authenticator> authenticators, AccessPolicy policy, Denials denials) {
        this(enabled, authenticators, policy, denials, null);
    }

    /**
     * @param identity makes the verified caller current on the function's thread in the host's own terms (the
     *        runtime's Quarkus {@code SecurityIdentity}); null for none
     */
    public SecurityStage(boolean enabled, List<Authenticator> authenticators, AccessPolicy policy, Denials denials,
            Function<Caller, Supplier<InvocationListener.Scope>> identity) {
        this.enabled = enabled;
        this.authenticators = List.copyOf(authenticators);
        this.policy = policy;
        this.denials = denials;
        this.identity = identity;
    }

    @Override
    public int order() {
        return SECURITY;
    }

    @Override
    public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
        CloudEvent event = dispatch.event();
        if (!enabled) {
            if (carriesIdentity(event)) {
                dispatch.replaceEvent(withCaller(event, null));
            }
            return next.proceed(dispatch);
        }
        DispatchRequest request = dispatch.request();
        Admission admission = admit(request, dispatch.function(), "");
        if (admission.denied() != null) {
            return CompletableFuture.completedFuture(admission.denied());
        }
        dispatch.replaceEvent(withCaller(event, admission.caller()));
        if (identity != null) {
            dispatch.aroundFunction(identity.apply(admission.caller()));
        }
        return next.proceed(dispatch);
    }

    @Override
    public Outcome unrouted(DispatchRequest request, String function) {
        return enabled ? admit(request, function, " (no such function)").denied() : null;
    }

    /** The verified caller, or the denial (already reported). */
    private record Admission(Caller caller, Outcome.Denied denied) {
    }

    /** Authenticates the request's credentials and asks the policy; a denial is reported to {@link Denials}. */
    private Admission admit(DispatchRequest request, String function, String whySuffix) {
        Authentication verified = authenticate(request.credentials());
        if (verified instanceof Authentication.Refused refused) {
            return new Admission(null, deny(function, request, null, refused.reason(), true, refused.reason()));
        }
        Caller caller = ((Authentication.Accepted) verified).caller();
        AccessPolicy.Decision decision = policy.decide(caller, function, request.event().getType(),
                request.transport());
        return decision.allowed()
                ? new Admission(caller, null)
                : new Admission(caller, deny(function, request, caller, FORBIDDEN, false, decision.why() + whySuffix));
    }

    /**
     * Verifies credentials as the stage does (also for endpoints outside the pipeline, such as health and metrics).
     *
     * @return accepted with the caller, or refused with the reason for the sender
     */
    public Authentication authenticate(Credentials credentials) {
        if (credentials instanceof Credentials.Verified verified) {
            return new Authentication.Accepted(verified.caller());
        }
        if (credentials instanceof Credentials.Malformed malformed) {
            return new Authentication.Refused(malformed.problem());
        }
        if (!(credentials instanceof Credentials.Token token)) {
            return new Authentication.Refused(MISSING);
        }
        for (Authenticator authenticator : authenticators) {
            Authentication result = authenticator.authenticate(token.token());
            if (!(result instanceof Authentication.Unrecognised)) {
                return result;
            }
        }
        return new Authentication.Refused("The token is not valid");
    }

    private Outcome.Denied deny(String function, DispatchRequest request, Caller caller, String message,
            boolean unauthenticated, String why) {
        Outcome.Denied denied = new Outcome.Denied(function, message, unauthenticated);
        denials.denied(denied, request, caller, why);
        return denied;
    }

    private static boolean carriesIdentity(CloudEvent event) {
        return event.getExtension(Caller.AUTH_TYPE) != null || event.getExtension(Caller.AUTH_ID) != null
                || event.getExtension(Caller.AUTH_CLAIMS) != null;
    }

    /** @return the event without outside identity extensions, with the caller's when there is one */
    static CloudEvent withCaller(CloudEvent event, Caller caller) {
        if (caller != null && !carriesIdentity(event)) {
            return new CallerEvent(event, caller);
        }
        CloudEventBuilder builder = CloudEventBuilder.from(event);
        if (carriesIdentity(event)) {
            builder.withoutExtension(Caller.AUTH_TYPE).withoutExtension(Caller.AUTH_ID)
                    .withoutExtension(Caller.AUTH_CLAIMS);
        }
        if (caller != null) {
            builder.withExtension(Caller.AUTH_TYPE, caller.kind().authType())
                    .withExtension(Caller.AUTH_ID, caller.authId());
        }
        return builder.build();
    }
}
