package dev.gdbench.result;

import java.util.ArrayList;
import java.util.List;

/** What one batch produced: a result per configuration and their sampled trajectories. */
public record BatchResult(List<RunResult> results, List<HistoryPoint> history) {
    /** This batch's results, then another's: a batch run in parts, put back together in order. */
    public BatchResult followedBy(BatchResult next) {
        List<RunResult> allResults = new ArrayList<>(results);
        allResults.addAll(next.results);
        List<HistoryPoint> allHistory = new ArrayList<>(history);
        allHistory.addAll(next.history);
        return new BatchResult(allResults, allHistory);
    }
}
