package dev.bindery.internal.actors;

/** The reminder firing was saved by another turn first: this one's changes are dropped. */
final class ClaimTakenException extends RuntimeException {

    ClaimTakenException(String claim) {
        super("Reminder firing " + claim + " was already made");
    }
}
