package dev.gdbench.engine;

import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Where the engine stops to measure: every {@code checkEvery} iterations (convergence tests) and
 * at log-spaced iterations 1, 2, 3, ..., 10, 13, 16, 20, ... (history for plots, which show loss
 * on log axes, so early iterations need as many samples as late ones).
 */
public final class Checkpoints {
    /** Log-spaced history samples per decade of iterations. */
    static final int HISTORY_POINTS_PER_DECADE = 10;

    private final int checkEvery;
    private final int maxIterations;
    private final TreeSet<Integer> historyIterations = new TreeSet<>();

    public Checkpoints(int checkEvery, int maxIterations) {
        this.checkEvery = checkEvery;
        this.maxIterations = maxIterations;
        historyIterations.add(0);
        for (int j = 0; ; j++) {
            long iteration = Math.round(Math.pow(10, (double) j / HISTORY_POINTS_PER_DECADE));
            if (iteration > maxIterations) {
                break;
            }
            historyIterations.add((int) iteration);
        }
        historyIterations.add(maxIterations);
    }

    /** The next iteration after {@code current} at which to stop and measure. */
    public int next(int current) {
        int nextCheck = (current / checkEvery + 1) * checkEvery;
        Integer nextHistory = historyIterations.higher(current);
        int next = Math.min(nextCheck, maxIterations);
        return nextHistory == null ? next : Math.min(next, nextHistory);
    }

    /**
     * Every iteration {@link #next} stops at, from 0 to maxIterations: one array for runs that all
     * walk the same schedule (the map engine's lane groups), so none rebuilds it.
     */
    public int[] schedule() {
        return IntStream.concat(IntStream.iterate(0, i -> i < maxIterations, this::next), IntStream.of(maxIterations))
                .toArray();
    }

    public boolean isHistory(int iteration) {
        return historyIterations.contains(iteration);
    }
}
