package io.taidon.sqlrunner.execution;

/**
 * How many bytes of one statement's rows, {@code COPY} data and notices a learner connection lets through to the
 * driver ({@link LearnerSocketFactory}). Counts the payload of the protocol's {@code DataRow} ({@code 'D'}) and
 * {@code CopyData} ({@code 'd'}) messages; once a message would pass the allowance it and every later one of the
 * statement is dropped unread, so the driver never holds more than the allowance whatever the learner selects.
 * {@code NoticeResponse} ({@code 'N'}) messages have their own count and byte allowance. Between statements
 * ({@link #close()}) nothing is limited: the runner's own queries return little. Used by the one thread that reads
 * the connection.
 */
final class ResultLimit {

    /** Notices let through per statement. */
    static final int MAX_NOTICES = 1000;

    /** Bytes of notices let through per statement. */
    static final long MAX_NOTICE_BYTES = 256 * 1024;

    private long allowance = Long.MAX_VALUE;

    private long admitted;

    private boolean dropped;

    private int notices;

    private long noticeBytes;

    private int droppedNotices;

    /**
     * Starts a statement.
     *
     * @param bytes payload bytes of rows and {@code COPY} data let through, at least 0
     */
    void open(long bytes) {
        this.allowance = Math.max(0, bytes);
        this.admitted = 0;
        this.dropped = false;
        this.notices = 0;
        this.noticeBytes = 0;
        this.droppedNotices = 0;
    }

    /** Ends the statement: nothing is limited until the next {@link #open}. */
    void close() {
        this.allowance = Long.MAX_VALUE;
        this.notices = 0;
        this.noticeBytes = 0;
    }

    /**
     * @param payload payload bytes of a {@code DataRow} or {@code CopyData} message
     * @return whether to pass it to the driver; false drops it and every later one until {@link #open}
     */
    boolean admitData(long payload) {
        if (this.dropped || this.admitted + payload > this.allowance) {
            this.dropped = true;
            return false;
        }
        this.admitted += payload;
        return true;
    }

    /**
     * @param payload payload bytes of a {@code NoticeResponse}
     * @return whether to pass it to the driver
     */
    boolean admitNotice(long payload) {
        if (this.allowance != Long.MAX_VALUE
                && (this.notices >= MAX_NOTICES || this.noticeBytes + payload > MAX_NOTICE_BYTES)) {
            this.droppedNotices++;
            return false;
        }
        this.notices++;
        this.noticeBytes += payload;
        return true;
    }

    /** @return whether rows or {@code COPY} data of the statement were dropped */
    boolean dropped() {
        return this.dropped;
    }

    /** @return notices of the statement dropped */
    int droppedNotices() {
        return this.droppedNotices;
    }
}
