package io.taidon.sqlrunner.script;

/** What one piece of a script is. */
public enum StatementKind {

    /** An SQL statement sent to the server as it is. */
    SQL,

    /** {@code COPY … FROM STDIN} with its inline data lines (up to {@code \.}). */
    COPY_FROM_STDIN,

    /** A psql meta-command line ({@code \c}, {@code \pset}, {@code \d}, …): not SQL, reported as unsupported. */
    META,

    /** Only comments: nothing to send (a script that holds no statement at all). */
    EMPTY
}
