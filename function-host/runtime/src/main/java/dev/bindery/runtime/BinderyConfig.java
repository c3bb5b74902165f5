package dev.bindery.runtime;

import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Bindery's configuration, under {@code bindery.}. Every option has a default, so an application runs with none.
 */
@ConfigMapping(prefix = "bindery")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface BinderyConfig {

    /**
     * The application's id: the default scope of state keys ({@code <app-id>||<key>}) and, later, the consumer group
     * and the source of published events. Defaults to {@code quarkus.application.name}.
     */
    @WithDefault("${quarkus.application.name:bindery}")
    String appId();

    /** The CloudEvents HTTP ingress. */
    Http http();

    /**
     * State stores, keyed by store name ({@code default} is the one injected without {@code @Store}). Options other
     * than the ones below go to the store's engine (see its README), such as {@code bindery.state.default.data-dir}.
     */
    Map<String, State> state();

    /** Per-function settings, keyed by function name. */
    Map<String, Function> functions();

    /** The CloudEvents HTTP ingress. */
    interface Http {

        /**
         * Path of the event endpoint. Events POSTed here are routed by their attributes; a POST to
         * {@code <path><function>} (or {@code <path>/<function>}) goes to the named function.
         */
        @WithDefault("/")
        String path();

        /** Largest request body accepted; a larger one is answered 413. */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    /** Settings of one state store. */
    interface State {

        /**
         * The engine: {@code infinispan} (embedded, clustered or remote; the default when bindery-state-infinispan is on
         * the class path) or {@code in-memory} (this process only, lost on restart; the default otherwise).
         */
        Optional<String> type();

        /**
         * How keys are scoped: {@code app-id} (stored as {@code <app-id>||<key>}, so applications sharing a store do not
         * see each other's keys), {@code none} (stored as given), or any other value used as a fixed prefix.
         */
        @WithDefault("app-id")
        String keyPrefix();

        /**
         * When the store's engine starts: {@code lazy} (on the store's first call, so events that use no state never
         * wait for it, and start-up stays as fast as without state) or {@code eager} (in the background at start-up;
         * readiness reports DOWN until it is open).
         */
        @WithDefault("lazy")
        String start();

        /** The longest key accepted, in characters. */
        @WithDefault("1024")
        int maxKeyLength();

        /** The largest value accepted, serialized. */
        @WithDefault("1M")
        MemorySize maxValueSize();

        /**
         * Every other option, handed to the store's engine: for Infinispan {@code mode}, {@code data-dir},
         * {@code cluster.*}, {@code hotrod.*}, {@code config-file} (see the state-infinispan README).
         */
        @WithParentName
        Map<String, String> engine();
    }

    /** Settings of one function. */
    interface Function {

        /** The reply event's type; overrides {@code @ReplyWith(type)} and the default {@code <function>.output}. */
        Optional<String> replyType();

        /** The reply event's source (a URI reference); overrides {@code @ReplyWith(source)} and the function name. */
        Optional<String> replySource();
    }
}
