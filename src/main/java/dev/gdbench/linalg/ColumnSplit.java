package dev.gdbench.linalg;

/**
 * How a caller spreads a batch's columns over its threads: {@link #run} multiplies chunks of
 * [0, columns) at once and returns when all are done. The product planner times the products that
 * run on the caller's threads through it, as the batch will run them, against one that threads
 * itself (OpenBLAS over the whole batch) called once from the calling thread.
 */
public interface ColumnSplit {
    /** A body over the columns [first, end). */
    interface Range {
        void run(int first, int end);
    }

    /** The threads the caller multiplies on: the cores a product that threads itself may use. */
    int threads();

    /** Runs the body over chunks that cover [0, columns), on the caller's threads, and waits for them. */
    void run(int columns, Range body);

    /** Every product on the calling thread, unsplit. */
    static ColumnSplit callingThread() {
        return new ColumnSplit() {
            @Override
            public int threads() {
                return 1;
            }

            @Override
            public void run(int columns, Range body) {
                body.run(0, columns);
            }
        };
    }
}
