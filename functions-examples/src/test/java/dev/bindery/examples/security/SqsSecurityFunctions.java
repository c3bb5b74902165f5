package dev.bindery.examples.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.funqy.Funq;

import dev.bindery.binding.CronTick;
import dev.bindery.function.EventContext;
import dev.bindery.security.Caller;

/**
 * The functions of {@link SqsSecurityTest}: caller A may run the first SQS binding's, not the second's; the
 * application's schedule triggers the third.
 */
public class SqsSecurityFunctions {

    /** A job sent to a queue. */
    public record Job(String id) {
    }

    /** Every job each function ran for, as {@code <id> <authid>}. */
    static final List<String> ALLOWED = new CopyOnWriteArrayList<>();
    static final List<String> DENIED = new CopyOnWriteArrayList<>();
    /** The caller of every schedule's tick. */
    static final List<String> TICKS = new CopyOnWriteArrayList<>();

    @Funq
    public void scheduledJob(CronTick tick, EventContext context) {
        TICKS.add(context.caller().map(Caller::authId).orElse("nobody"));
    }

    @Funq
    public void allowedJob(Job job, EventContext context) {
        ALLOWED.add(job.id() + " " + context.caller().map(Caller::authId).orElse("nobody"));
    }

    @Funq
    public void deniedJob(Job job, EventContext context) {
        DENIED.add(job.id() + " " + context.caller().map(Caller::authId).orElse("nobody"));
    }
}
