package dev.bindery.examples.secrets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.funqy.Funq;

/** The function of the SQS binding {@code jobs}, bound by configuration ({@link SqsQueue}). */
public class SqsFunctions {

    /** A job sent to the queue. */
    public record Job(String id) {
    }

    /** Every job received. */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Funq
    public void sqsJob(Job job) {
        RECEIVED.add(job.id());
    }
}
