package dev.gdbench.bench;

import dev.gdbench.cost.WorkCount;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The benchmarked operations, by the name of their JMH method: what each costs (through
 * {@link WorkCount}) and which measured ceiling bounds it. Updates and reductions stream memory,
 * so they are judged against copy bandwidth; gradients and iterations are products, judged
 * against the product alone at the same shape (the faster of the JVM BLAS and the backend's kernel).
 */
public enum Operation {
    UPDATE(w -> w.optimizer() + " update", Ceiling.COPY_BANDWIDTH, false, Operation::updates),
    GRADIENT(w -> w.problem() + " gradient", Ceiling.MATRIX_PRODUCT, false,
            (w, instance, backend) -> WorkCount.gradient(instance, w.batch(), w.precision())),
    ITERATION(w -> w.optimizer() + " iteration", Ceiling.MATRIX_PRODUCT, false,
            (w, instance, backend) -> WorkCount.iteration(instance, w.rules(instance), w.precision())),
    REDUCTION(w -> "reductions", Ceiling.COPY_BANDWIDTH, false,
            (w, instance, backend) -> WorkCount.reduction(w.n(), w.batch(), w.precision())),
    COPY(w -> "memory copy", Ceiling.COPY_BANDWIDTH, true,
            (w, instance, backend) -> WorkCount.copy(Ceilings.Copy.copiedBytes(backend))),
    GEMM(w -> "BLAS product", Ceiling.MATRIX_PRODUCT, true, Operation::product),
    GEMMONECORE(w -> "BLAS product, one core", Ceiling.MATRIX_PRODUCT, true, Operation::product),
    PACKEDGEMM(w -> "gdbench product", Ceiling.MATRIX_PRODUCT, true, Operation::product),
    PACKEDGEMMONECORE(w -> "gdbench product, one core", Ceiling.MATRIX_PRODUCT, true, Operation::product),
    FMAPEAK(w -> "FMA peak", Ceiling.FMA_PEAK, true,
            (w, instance, backend) -> new WorkCount(0, Ceilings.FmaPeak.flopsPerCore(w.precision())
                    * Runtime.getRuntime().availableProcessors())),
    FMAPEAKONECORE(w -> "FMA peak, one core", Ceiling.FMA_PEAK, true,
            (w, instance, backend) -> new WorkCount(0, Ceilings.FmaPeak.flopsPerCore(w.precision())));

    /** Bytes and FLOPs of one call on a workload and backend; the instance is null for ceilings, which need none. */
    private interface Cost {
        WorkCount of(Workload workload, Problem instance, String backend);
    }

    private static WorkCount updates(Workload w, Problem instance, String backend) {
        WorkCount total = WorkCount.NONE;
        for (UpdateRule rule : w.rules(instance)) {
            total = total.plus(WorkCount.update(rule, w.n(), w.precision()));
        }
        return total;
    }

    /** The gradient's product shape: n x n times n x B. */
    private static WorkCount product(Workload w, Problem instance, String backend) {
        return WorkCount.matrixProduct(w.n(), w.batch(), w.n(), w.precision());
    }

    /**
     * A measured limit: copy bandwidth in GB/s, the product's rate in GFLOP/s at the benchmark's
     * shape, or the arithmetic peak in GFLOP/s (which judges the FMA peak rows themselves; every
     * GFLOP/s row is also given as a fraction of it).
     */
    public enum Ceiling {
        COPY_BANDWIDTH("copy_bandwidth", "GB/s"),
        MATRIX_PRODUCT("matrix_product", "GFLOP/s"),
        FMA_PEAK("fma_peak", "GFLOP/s");

        private final String label;
        private final String unit;

        Ceiling(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        public String unit() {
            return unit;
        }

        /** The figure this ceiling compares: GB/s against copy bandwidth, GFLOP/s against the product. */
        public double figure(WorkCount work, double seconds) {
            return this == COPY_BANDWIDTH ? work.gigabytesPerSecond(seconds) : work.gigaflopsPerSecond(seconds);
        }
    }

    private final Function<Workload, String> title;
    private final Ceiling ceiling;
    private final boolean measuresCeiling;
    private final Cost cost;

    Operation(Function<Workload, String> title, Ceiling ceiling, boolean measuresCeiling, Cost cost) {
        this.title = title;
        this.ceiling = ceiling;
        this.measuresCeiling = measuresCeiling;
        this.cost = cost;
    }

    /** What ran, for people: {@code adam update}, {@code least-squares gradient}. */
    public String title(Workload workload) {
        return title.apply(workload);
    }

    public Ceiling ceiling() {
        return ceiling;
    }

    /** The ceiling benchmarks: the copy measures bandwidth, the products the product rate (the fastest counts). */
    public boolean measuresCeiling() {
        return measuresCeiling;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bytes and FLOPs of one call of this operation on the workload's batch, on a backend. */
    public WorkCount cost(Workload workload, String backend) {
        return cost.of(workload, measuresCeiling ? null : workload.build(), backend);
    }

    /**
     * Whether this operation is measured on a backend: the one-core products and the FMA peak are CPU
     * measures, which {@link Ceilings} fails on any other backend.
     */
    public boolean appliesTo(String backend) {
        return "cpu".equals(backend) || !(onOneCore() || this == FMAPEAK);
    }

    /** The one-core measures: judged against the one-core peak. */
    public boolean onOneCore() {
        return this == GEMMONECORE || this == PACKEDGEMMONECORE || this == FMAPEAKONECORE;
    }

    /** From a JMH benchmark label such as {@code dev.gdbench.bench.UpdateBenchmark.update}. */
    public static Operation ofBenchmark(String label) {
        return find(label).orElseThrow(() -> new IllegalArgumentException("not a gdbench benchmark: " + label));
    }

    /** As {@link #ofBenchmark}, empty for a benchmark that is none of these operations. */
    public static Optional<Operation> find(String label) {
        String method = label.substring(label.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.name().equals(method)).findFirst();
    }
}
