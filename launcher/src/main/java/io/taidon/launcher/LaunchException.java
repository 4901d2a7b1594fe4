package io.taidon.launcher;

/** The suite could not start; the message says what failed and what to do, ready to print to the user. */
public class LaunchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, for the user */
    public LaunchException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for the user
     * @param cause the underlying failure
     */
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
