package dev.bindery.cli.project;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A building block {@code bindery new} can add to a project. What a block adds (its dependencies, configuration, README
 * section and files) is data: the resources under {@code blocks/<id>/} beside this class, see {@link ProjectGenerator}.
 */
public enum Block {

    /** State stores on embedded Infinispan ({@code bindery-state-infinispan}). */
    STATE,
    /** Pub/sub: in-memory, or Kafka by configuration ({@code bindery-pubsub-kafka}). */
    PUBSUB,
    /** Bindings on Apache Camel: cron, files, HTTP, any Camel endpoint ({@code bindery-bindings-camel}). */
    BINDINGS,
    /** The AWS Lambda package ({@code bindery-lambda} on {@code quarkus-amazon-lambda}). */
    LAMBDA,
    /** Knative: the generated manifests' settings and a Dockerfile (the host needs no other module). */
    KNATIVE;

    /** @return the block's name on the command line, e.g. {@code pubsub} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a block's name, e.g. {@code state}; case is ignored
     * @return that block
     * @throws InvalidProjectException naming the blocks there are when {@code id} is none of them
     */
    public static Block of(String id) {
        return Arrays.stream(values()).filter(block -> block.id().equalsIgnoreCase(id.strip())).findFirst()
                .orElseThrow(() -> new InvalidProjectException(
                        "There is no building block '" + id + "': choose among " + ids() + "."));
    }

    /** @return every block's name, comma-separated */
    public static String ids() {
        return Arrays.stream(values()).map(Block::id).collect(Collectors.joining(", "));
    }
}
