package io.taidon.launcher;

/** The suite was asked to stop (Ctrl-C, SIGTERM, {@link RunningSuite#close()}) before it had finished starting. */
public final class StoppedException extends LaunchException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public StoppedException() {
        super("stopped while starting");
    }
}
