package dev.gdbench.bench;

/**
 * One row of throughput.csv: a benchmark at one set of parameters, its time per operation as the
 * median of the measurement iterations with JMH's error and the range, the rates the cost model
 * gives at the median, and the fraction of the ceiling measured in the same run.
 *
 * @param operation what ran; {@code benchmark} is its title with the workload's optimizer or problem
 * @param timeError JMH's 99.9% confidence half-width of the mean; NaN with too few iterations
 * @param fractionOfCeiling the operation's figure (GB/s or GFLOP/s, as the ceiling measures) over the ceiling
 * @param fractionOfFmaPeak its GFLOP/s over the FMA peak of its backend and precision measured in the same run
 *                          (the one-core peak for one-core rows); NaN where either is missing
 */
public record ThroughputRow(Operation operation, String benchmark, int n, int batch, String precision, String backend,
                           double timePerOperation, double timeError, double timeMin, double timeMax,
                           double gigabytesPerSecond, double gigaflopsPerSecond, Operation.Ceiling ceiling,
                           double ceilingValue, double fractionOfCeiling, String device, double fractionOfFmaPeak) {
}
