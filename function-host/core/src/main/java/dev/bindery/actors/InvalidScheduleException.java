package dev.bindery.actors;

/**
 * A schedule of an actor timer or reminder is not valid: a text in none of the accepted forms, a negative duration, a
 * zero period, a number of fires below one, or an end already past or before the first due time. {@link #field()} names the part at fault,
 * with Dapr's names: {@code dueTime}, {@code period} or {@code ttl}; the message names it too, with the bad value and,
 * for a text, the forms accepted. Nothing was scheduled.
 */
public class InvalidScheduleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @see #field() */
    public static final String DUE_TIME = "dueTime";
    /** @see #field() */
    public static final String PERIOD = "period";
    /** @see #field() */
    public static final String TTL = "ttl";

    private final String field;

    /**
     * @param field {@link #DUE_TIME}, {@link #PERIOD} or {@link #TTL}
     * @param message what was wrong and what to do, naming the field and the bad value
     */
    public InvalidScheduleException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the part of the schedule at fault: {@code dueTime}, {@code period} or {@code ttl}; never null */
    public String field() {
        return field;
    }
}
