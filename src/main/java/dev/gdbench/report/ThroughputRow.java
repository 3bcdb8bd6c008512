package dev.gdbench.report;

/**
 * One row of throughput.csv, the throughput harness's output: one benchmark at one size.
 *
 * @param ceilingName  which ceiling judges the row ({@code Operation.Ceiling}'s label: copy bandwidth or matrix product)
 * @param ceilingValue that ceiling as measured in the same run, in GB/s or GFLOP/s as it measures; NaN if unknown
 */
public record ThroughputRow(String benchmark, int n, int batch, String precision, String backend,
                            double secondsPerOperation, double gbPerSecond, double gflopPerSecond, String ceilingName,
                            double ceilingValue) {
}
