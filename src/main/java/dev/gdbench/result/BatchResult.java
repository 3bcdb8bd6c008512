package dev.gdbench.result;

import java.util.List;

/** What one batch produced: a result per configuration and their sampled trajectories. */
public record BatchResult(List<RunResult> results, List<HistoryPoint> history) {
}
