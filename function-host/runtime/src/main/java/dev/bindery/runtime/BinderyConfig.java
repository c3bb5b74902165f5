package dev.bindery.runtime;

import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bindery's configuration, under {@code bindery.}. Every option has a default, so an application runs with none.
 */
@ConfigMapping(prefix = "bindery")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface BinderyConfig {

    /** The CloudEvents HTTP ingress. */
    Http http();

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

    /** Settings of one function. */
    interface Function {

        /** The reply event's type; overrides {@code @ReplyWith(type)} and the default {@code <function>.output}. */
        Optional<String> replyType();

        /** The reply event's source (a URI reference); overrides {@code @ReplyWith(source)} and the function name. */
        Optional<String> replySource();
    }
}
