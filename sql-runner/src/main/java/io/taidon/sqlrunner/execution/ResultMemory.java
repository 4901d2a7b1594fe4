package io.taidon.sqlrunner.execution;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of results all runs of this process may hold at once, so that many runs together — each within its own
 * {@link ResultBudget} — cannot fill the heap either: a run takes bytes from the pool before a statement reads its
 * rows ({@link Lease#take}), keeps what the results hold, and gives everything back once its answer has been written
 * ({@link Lease#close}). When the pool is empty, statements still run in full but return no rows
 * ({@code truncated}, with a notice). Bytes are counted as {@link StatementResult#heldBytes()} does. Thread-safe.
 */
public final class ResultMemory {

    private final long capacity;

    private final AtomicLong available;

    /**
     * @param capacity bytes of results all runs may hold at once, at least 0
     */
    public ResultMemory(long capacity) {
        this.capacity = Math.max(0, capacity);
        this.available = new AtomicLong(this.capacity);
    }

    /** @return the pool's size in bytes */
    public long capacity() {
        return this.capacity;
    }

    /** @return bytes not taken by any run now (negative while runs hold more than the pool: cached results) */
    public long available() {
        return this.available.get();
    }

    /** @return a new lease holding nothing yet */
    public Lease lease() {
        return new Lease(this);
    }

    /** @return a lease on a pool that never runs out (for callers outside an HTTP request) */
    public static Lease unpooled() {
        return new ResultMemory(Long.MAX_VALUE).lease();
    }

    /** What one run holds of the pool. Used by the run's thread; {@link #close} is idempotent. */
    public static final class Lease implements AutoCloseable {

        private final ResultMemory pool;

        private long held;

        private boolean closed;

        private Lease(ResultMemory pool) {
            this.pool = pool;
        }

        /**
         * @param wanted bytes a statement may hold
         * @return bytes granted, between 0 and {@code wanted}: what the pool still has
         */
        public synchronized long take(long wanted) {
            while (true) {
                long now = this.pool.available.get();
                long granted = Math.max(0, Math.min(wanted, now));
                if (granted == 0 || this.pool.available.compareAndSet(now, now - granted)) {
                    this.held += granted;
                    return granted;
                }
            }
        }

        /**
         * Takes bytes already held whatever the pool has (results served from the cache are in memory already).
         *
         * @param bytes bytes held
         */
        public synchronized void force(long bytes) {
            this.pool.available.addAndGet(-bytes);
            this.held += bytes;
        }

        /**
         * @param bytes bytes taken but not used
         */
        public synchronized void giveBack(long bytes) {
            long returned = Math.min(bytes, this.held);
            this.held -= returned;
            this.pool.available.addAndGet(returned);
        }

        /** Gives back everything the run holds (its answer has been written). */
        @Override
        public synchronized void close() {
            if (!this.closed) {
                this.closed = true;
                giveBack(this.held);
            }
        }
    }
}
