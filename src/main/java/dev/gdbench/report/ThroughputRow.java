package dev.gdbench.report;

/**
 * One row of throughput.csv, the throughput harness's output: one benchmark at one size.
 *
 * @param ceiling the measured ceiling of the machine in the same unit as gbPerSecond (GB/s), NaN if unknown
 */
public record ThroughputRow(String benchmark, int n, int batch, String precision, String backend,
                            double secondsPerOperation, double gbPerSecond, double gflopPerSecond, double ceiling) {
}
