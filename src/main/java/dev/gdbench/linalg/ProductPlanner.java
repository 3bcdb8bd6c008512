package dev.gdbench.linalg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Chooses, once per product shape and precision in a run, which implementation
 * ({@link ProductCandidate}) multiplies: each available one is timed briefly on scratch operands
 * of that shape and the fastest is kept. A library that fails to load or to multiply is left out
 * with its reason. Timings decide, not names: a JVM BLAS that picked up a slow system libblas.so.3
 * loses to the others. Every decision is kept for meta.json and the bench ({@link #decisions()}),
 * and appended as a JSON line to the file named by the system property {@value #LOG_PROPERTY}
 * (the bench's forked JVMs report through it).
 */
public final class ProductPlanner {
    public static final String LOG_PROPERTY = "gdbench.productLog";
    /**
     * A later candidate must beat the preferred one (the first available) by more than this factor
     * to displace it, so that close timings, which noise could order either way, do not switch the
     * kernel (and the last bits of results) from run to run.
     */
    static final double PREFERENCE_MARGIN = 1.10;
    /**
     * The trial ranks warm kernels, as a run multiplies them: each candidate first makes one
     * untimed call on the shape (its operands come into the caches, the JIT meets the shape's
     * paths), then the candidates take turns, one timed call each per round, until two rounds in a
     * row improve no one's best call by more than this fraction, after at least {@link #MIN_ROUNDS}
     * rounds and {@link #MIN_TIMED_NANOS} of timed work by each candidate still timed, or until
     * each has spent {@link #MAX_TIMED_NANOS}. The candidates take turns so that they
     * meet the same disturbances: on the shared 2-core machine one kernel's calls ran at 25 and at
     * 48 GFLOP/s by turns of a few hundred ms with nothing recompiled. The cause found there: its two
     * vCPUs share their physical cores with other tenants, and code that loads from L1 and L2 (every
     * product kernel) runs in phases of seconds at about 55 and about 33 GFLOP/s (1024 x 1024 x 64
     * fp64, one thread, no JIT event), while a register-only FMA loop interleaved with it keeps its
     * 65-80. A phase slows every candidate's turns in it alike, so candidates timed by turns keep
     * their order while the figures each measures move from run to run. The trial before stopped at
     * the first round that improved no best by 5%, after 20 ms in all, and timed the packed fp64
     * kernel at 1024 x 1024 x 64 at 23-40 GFLOP/s against the 65 JMH measured warm.
     */
    static final double STEADY = 0.03;
    static final int QUIET_ROUNDS = 2;
    static final int MIN_ROUNDS = 3;
    static final long MIN_TIMED_NANOS = 20_000_000L;
    static final long MAX_TIMED_NANOS = 60_000_000L;
    /**
     * After a round, a candidate this many times slower than the fastest so far is timed no more
     * (its best so far is what it measured): a product at n = 4096 on a slow BLAS takes seconds.
     */
    static final double HOPELESS = 4;
    /**
     * Before its first trial in a run, each Java candidate multiplies a small product (WARMUP_ROWS x
     * WARMUP_DEPTH by WARMUP_COLUMNS) this many times, untimed: Java kernels run interpreted, then
     * C1-compiled (both a hundred times slower for Vector API code) until HotSpot's C2 compiles
     * them, and a trial timed before that would judge the interpreter. The shape has a row, a column
     * and a depth tail beyond whole tiles and k-blocks, so that code is compiled too; the JIT work would
     * otherwise slow the run's first products.
     */
    static final int WARMUP_CALLS = 2_000;
    static final int WARMUP_ROWS = 67;
    static final int WARMUP_DEPTH = 300;
    static final int WARMUP_COLUMNS = 11;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProductPlanner SHARED = new ProductPlanner(ProductCandidate::unavailable, ProductPlanner::time,
            List.of(ProductCandidate.values()), WARMUP_CALLS);

    /** Whether a candidate can run products in a precision here (empty) or why not; tests make one fail to load. */
    interface Availability {
        Optional<String> unavailable(ProductCandidate candidate, Precision precision);
    }

    /** Times one product call; tests give fake times. */
    interface Timer {
        long nanos(ProductCandidate candidate, Runnable product);
    }

    /** The shape a decision holds for: op(A) m x k times {@code columns} columns, in a precision. */
    record Shape(int m, int k, int columns, Precision precision) {}

    /**
     * What the planner chose for a shape and what every candidate measured (GFLOP/s at its best
     * call) or why it could not run.
     */
    public record Decision(Shape shape, String chosen, Map<String, Double> gigaflops, Map<String, String> unavailable) {
        /** "product 1024x1024 by 32 columns fp64: openblas (openblas 61.2, packed 40.3, jvm-blas 14.1 GFLOP/s)". */
        public String line() {
            String measured = gigaflops.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            String missing = unavailable.entrySet().stream().map(e -> "; " + e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining());
            return String.format(Locale.ROOT, "product %dx%d by %d columns %s: %s (%s%s)", shape.m(), shape.k(),
                    shape.columns(), shape.precision().label(), chosen,
                    measured.isEmpty() ? "not timed, the only one" : measured + " GFLOP/s", missing);
        }

        /** For meta.json. */
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("m", shape.m());
            fields.put("k", shape.k());
            fields.put("columns", shape.columns());
            fields.put("precision", shape.precision().label());
            fields.put("chosen", chosen);
            fields.put("gflop_per_s", gigaflops);
            fields.put("unavailable", unavailable);
            return fields;
        }
    }

    private final Availability availability;
    private final Timer timer;
    private final List<ProductCandidate> candidates;
    private final int warmupCalls;
    private final Map<Shape, Decision> decisions = new LinkedHashMap<>();
    /** Candidate and precision pairs already warmed up in this run. */
    private final Set<String> warm = new HashSet<>();

    ProductPlanner(Availability availability, Timer timer, List<ProductCandidate> candidates, int warmupCalls) {
        this.availability = availability;
        this.timer = timer;
        this.candidates = candidates;
        this.warmupCalls = warmupCalls;
    }

    static ProductPlanner shared() {
        return SHARED;
    }

    /** The decisions of this run so far, in the order they were made. */
    public static List<Decision> decisions() {
        return SHARED.madeSoFar();
    }

    synchronized List<Decision> madeSoFar() {
        return List.copyOf(decisions.values());
    }

    /** One line per candidate: what it is and whether it can run here. */
    public static String candidatesDescription() {
        return SHARED.candidates.stream().map(c -> c.label() + " = " + c.description()
                        + c.unavailable(Precision.FP64).map(reason -> " (unavailable: " + reason + ")").orElse(""))
                .collect(Collectors.joining("; "));
    }

    /**
     * The product to run op(A) by for batches of {@code columns} columns: the shape's decision,
     * made now by timing the candidates if this is its first product in the run.
     */
    synchronized PreparedProduct productFor(DenseMatrix a, boolean transpose, int columns) {
        Shape shape = new Shape(transpose ? a.cols() : a.rows(), transpose ? a.rows() : a.cols(), columns, a.precision());
        Decision known = decisions.get(shape);
        if (known != null) {
            return candidate(known.chosen()).prepare(a, transpose);
        }
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<ProductCandidate, PreparedProduct> prepared = new EnumMap<>(ProductCandidate.class);
        for (ProductCandidate candidate : candidates) {
            Optional<String> reason = availability.unavailable(candidate, a.precision());
            if (reason.isPresent()) {
                unavailable.put(candidate.label(), reason.get());
                continue;
            }
            try {
                warmUp(candidate, a.precision());
                prepared.put(candidate, candidate.prepare(a, transpose));
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                // OutOfMemoryError: a copy of A that does not fit (JavaCPP's native limit) rules out that candidate only.
                unavailable.put(candidate.label(), "failed to prepare: " + e);
            }
        }
        Map<ProductCandidate, Long> best = prepared.size() > 1 ? trial(shape, prepared, unavailable) : new EnumMap<>(ProductCandidate.class);
        if (prepared.isEmpty()) {
            throw new IllegalStateException("no product implementation can run here: " + unavailable);
        }
        ProductCandidate chosen = choose(prepared, best);
        Map<String, Double> gigaflops = new LinkedHashMap<>();
        double flops = 2.0 * shape.m() * shape.k() * columns;
        best.forEach((candidate, nanos) -> gigaflops.put(candidate.label(), flops / nanos));
        Decision decision = new Decision(shape, chosen.label(), gigaflops, unavailable);
        decisions.put(shape, decision);
        log(decision);
        return prepared.get(chosen);
    }

    /** The fastest, unless the preferred (first) candidate is within {@link #PREFERENCE_MARGIN} of it. */
    private static ProductCandidate choose(Map<ProductCandidate, PreparedProduct> prepared, Map<ProductCandidate, Long> best) {
        ProductCandidate preferred = prepared.keySet().iterator().next();
        if (best.isEmpty()) {
            return preferred;
        }
        ProductCandidate fastest = best.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return best.get(preferred) <= PREFERENCE_MARGIN * best.get(fastest) ? preferred : fastest;
    }

    /**
     * Times the candidates in rounds on scratch operands of the shape (see {@link #STEADY}); one that
     * throws is removed from {@code prepared} with its reason. Returns each survivor's best time.
     */
    private Map<ProductCandidate, Long> trial(Shape shape, Map<ProductCandidate, PreparedProduct> prepared,
                                              Map<String, String> unavailable) {
        DenseMatrix b = scratch(shape.precision(), shape.k(), shape.columns());
        DenseMatrix c = scratch(shape.precision(), shape.m(), shape.columns());
        Map<ProductCandidate, Long> best = new EnumMap<>(ProductCandidate.class);
        List<ProductCandidate> timed = new ArrayList<>(prepared.keySet());
        Map<ProductCandidate, Long> spent = new EnumMap<>(ProductCandidate.class);
        for (int round = -1, quiet = 0; ; round++) {
            boolean improved = false;
            for (ProductCandidate candidate : List.copyOf(timed)) {
                PreparedProduct product = prepared.get(candidate);
                Runnable call = () -> product.multiply(1.0, b, 0.0, c, 0, shape.columns());
                long nanos;
                try {
                    if (round < 0) {
                        call.run();
                        continue;
                    }
                    nanos = Math.max(1, timer.nanos(candidate, call));
                } catch (RuntimeException | LinkageError e) {
                    prepared.remove(candidate);
                    timed.remove(candidate);
                    best.remove(candidate);
                    unavailable.put(candidate.label(), "failed in its trial: " + e);
                    continue;
                }
                spent.merge(candidate, nanos, Long::sum);
                Long before = best.get(candidate);
                if (before == null || nanos < (1 - STEADY) * before) {
                    improved = true;
                }
                if (before == null || nanos < before) {
                    best.put(candidate, nanos);
                }
            }
            if (round < 0) {
                continue;
            }
            quiet = improved ? 0 : quiet + 1;
            if (!best.isEmpty()) {
                long fastest = best.values().stream().min(Long::compare).orElseThrow();
                timed.removeIf(candidate -> best.get(candidate) > HOPELESS * fastest);
            }
            // Each candidate's own timed work: a slow one's long calls must not cut the others' short.
            long least = timed.stream().mapToLong(candidate -> spent.getOrDefault(candidate, 0L)).min().orElse(0);
            boolean steady = round + 1 >= MIN_ROUNDS && least >= MIN_TIMED_NANOS && quiet >= QUIET_ROUNDS;
            if (steady || (round >= 1 && least >= MAX_TIMED_NANOS) || timed.size() <= 1) {
                return best;
            }
        }
    }

    private void warmUp(ProductCandidate candidate, Precision precision) {
        if (!candidate.compiledByTheJit() || !warm.add(candidate.label() + " " + precision.label()) || warmupCalls == 0) {
            return;
        }
        PreparedProduct product = candidate.prepare(scratch(precision, WARMUP_ROWS, WARMUP_DEPTH), false);
        DenseMatrix b = scratch(precision, WARMUP_DEPTH, WARMUP_COLUMNS);
        DenseMatrix c = scratch(precision, WARMUP_ROWS, WARMUP_COLUMNS);
        for (int call = 0; call < warmupCalls; call++) {
            product.multiply(1.0, b, 0.0, c, 0, WARMUP_COLUMNS);
        }
    }

    /** Operands to time on: never zeros (some kernels shortcut them), the same every run. */
    private static DenseMatrix scratch(Precision precision, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return DenseMatrix.of(precision, rows, cols, values);
    }

    private static long time(ProductCandidate candidate, Runnable product) {
        long start = System.nanoTime();
        product.run();
        return System.nanoTime() - start;
    }

    private static ProductCandidate candidate(String label) {
        for (ProductCandidate candidate : ProductCandidate.values()) {
            if (candidate.label().equals(label)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no product implementation " + label);
    }

    private static void log(Decision decision) {
        String file = System.getProperty(LOG_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), JSON.writeValueAsString(decision.fields()) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            // The log is for the bench's report; a product must not fail for it.
            System.err.println("gdbench: cannot append the product plan to " + file + ": " + e.getMessage());
        }
    }

    /** The decisions a forked JVM appended to a log file (empty if it wrote none). */
    public static List<Map<String, Object>> readLog(Path file) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = JSON.readValue(line, Map.class);
                    lines.add(fields);
                }
            }
        }
        return lines;
    }
}
