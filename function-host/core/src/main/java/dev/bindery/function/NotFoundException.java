package dev.bindery.function;

/**
 * Thrown by a function when the event asks for something that does not exist, such as an order id nobody placed. HTTP
 * answers {@code 404} with this message; like {@link EventRejectedException}, queue transports do not retry it.
 */
public class NotFoundException extends EventRejectedException {

    private static final long serialVersionUID = 1L;

    /** @param what what was not found, for the sender */
    public NotFoundException(String what) {
        super(what);
    }
}
