package dev.bindery.examples.actors;

import java.util.concurrent.CompletionStage;

/** What a caller sees of {@link CounterActor}: the typed proxy's contract. */
public interface Counting {

    int increment(int by);

    CompletionStage<Integer> get();
}
