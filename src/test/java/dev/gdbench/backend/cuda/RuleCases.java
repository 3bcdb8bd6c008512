package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.Vec;
import dev.gdbench.optim.Clipped;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Schedule;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.optim.WeightDecayed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The cases native/kernel_host_check.cpp runs the update kernels on: for every rule of the
 * registry with a kernel, both precisions, with and without clipping, with weight decay coupled
 * and decoupled in some columns, random inputs and the
 * outputs the Java rule itself computes from them (its update, after the wrappers the kernels
 * apply), with the per-column arrays that ColumnParameters lays out for the GPU. So the host check
 * holds the kernels to the CPU rules, not to a transcription of their formulas.
 *
 * <p>The file is text, one case after another: a line {@code case FAMILY f32|f64 n columns clips
 * t}, then one line per array, its name first (hyper, step, clip, active, x, g, s0, s1, s2, then the
 * expected x and s0 to s2), values as Double.toString writes them (strtod reads them back exactly).
 */
final class RuleCases {
    /** The state vectors the update kernels take (s0, s1, s2). */
    static final int KERNEL_STATE_VECTORS = 3;
    static final int COLUMNS = 7;
    static final int[] DIMENSIONS = {1, 2, 5, 17, 64, 65};
    /** Steps at which the cases run: the first (bias corrections at their largest) and a later one. */
    static final int[] STEPS = {1, 9};

    private RuleCases() {}

    static void write(Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            long seed = 1;
            for (OptimizerDescriptor descriptor : Optimizers.withKernels()) {
                for (Precision precision : Precision.values()) {
                    for (boolean clipping : new boolean[] {false, true}) {
                        for (int n : DIMENSIONS) {
                            for (int step : STEPS) {
                                writeCase(out, descriptor, precision, clipping, n, step, new Random(seed++));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Random hyper-parameters around each rule's defaults (a weight decay where one applies); with clipping, the odd columns clip by
     * norm (and run scheduled) and columns 0, 1, 4, 5 by value, with bounds that act on the
     * inputs' scale; every third column from the second is frozen.
     */
    static List<UpdateRule> columnRules(OptimizerDescriptor descriptor, boolean clipping, int n, Random random) {
        List<UpdateRule> rules = new ArrayList<>();
        for (int j = 0; j < COLUMNS; j++) {
            OptimizerDescriptor column = withDecay(descriptor, j);
            Map<String, Double> values = new HashMap<>(column.defaults());
            values.put(HyperParameter.LEARNING_RATE, 0.1 + 0.5 * random.nextDouble());
            values.computeIfPresent(HyperParameter.MOMENTUM, (name, value) -> 0.9 * random.nextDouble());
            values.computeIfPresent(HyperParameter.LR_DECAY, (name, value) -> 0.1 * random.nextDouble());
            values.computeIfPresent(HyperParameter.BETA1, (name, value) -> 0.5 + 0.45 * random.nextDouble());
            values.computeIfPresent(HyperParameter.BETA2, (name, value) -> 0.9 + 0.099 * random.nextDouble());
            values.computeIfPresent(HyperParameter.ALPHA, (name, value) -> 0.9 + 0.099 * random.nextDouble());
            values.put(HyperParameter.WEIGHT_DECAY, 0.1 * random.nextDouble());
            double clipNorm = clipping && j % 2 == 1 ? 0.2 * Math.sqrt(n) : Double.NaN;
            double clipValue = clipping && j % 4 < 2 ? 0.2 : Double.NaN;
            Schedule schedule = Double.isNaN(clipNorm) ? Schedule.CONSTANT : new Schedule.Exponential(0.9);
            rules.add(new Transforms(schedule, clipNorm, clipValue).wrap(column.create(values)));
        }
        return rules;
    }

    /** Column 2 decays coupled, column 5 (clipped by norm, scheduled) decoupled, unless the rule has its own decay. */
    private static OptimizerDescriptor withDecay(OptimizerDescriptor descriptor, int column) {
        if (descriptor.hyperParameters().contains(HyperParameter.WEIGHT_DECAY) || column % 3 != 2) {
            return descriptor;
        }
        return descriptor.withWeightDecay(column == 2 ? WeightDecayed.Coupling.COUPLED : WeightDecayed.Coupling.DECOUPLED);
    }

    private static void writeCase(PrintWriter out, OptimizerDescriptor descriptor, Precision precision, boolean clipping,
                                  int n, int step, Random random) {
        List<UpdateRule> rules = columnRules(descriptor, clipping, n, random);
        List<KernelRule> kernelRules = rules.stream().map(KernelRule::of).toList();
        int size = n * COLUMNS;
        double[] x = random(size, -0.5, random, precision);
        double[] g = random(size, -0.5, random, precision);
        // Non-negative: the sums of squares and second moments live in the state vectors.
        double[][] state = {random(size, 0, random, precision), random(size, 0, random, precision),
                random(size, 0, random, precision)};
        int[] active = new int[COLUMNS];
        double[] clip = ColumnParameters.clipping(kernelRules);
        double[] expectedX = x.clone();
        double[][] expectedState = {state[0].clone(), state[1].clone(), state[2].clone()};
        for (int j = 0; j < COLUMNS; j++) {
            active[j] = j % 3 != 1 ? 1 : 0;
            double[] gradient = Arrays.copyOfRange(g, j * n, (j + 1) * n);
            if (kernelRules.get(j).clipNorm() != KernelRule.NO_CLIP) {
                // What clip_scale writes (checked on its own by the host check): min(1, c / |g|).
                double norm = Math.sqrt(Vec.of(gradient).dot(Vec.of(gradient)));
                double bound = kernelRules.get(j).clipNorm();
                clip[j * KernelModule.CLIP_SLOTS + KernelModule.CLIP_SCALE] = norm > bound ? bound / norm : 1;
            }
            if (active[j] == 0) {
                continue;
            }
            UpdateRule rule = rules.get(j);
            Vec column = Vec.of(Arrays.copyOfRange(x, j * n, (j + 1) * n));
            // The plain rule's state comes first; after it the wrappers' scratch (a clipped copy of g), which the
            // kernels do not keep: their state vectors past the plain rule's must stay as they were.
            int plainState = kernelRules.get(j).plain().stateVectors();
            Vec[] vectors = new Vec[rule.stateVectors()];
            for (int s = 0; s < vectors.length; s++) {
                vectors[s] = Vec.of(s < plainState ? Arrays.copyOfRange(state[s], j * n, (j + 1) * n) : new double[n]);
            }
            rule.update(step, rule.learningRate(), column, Vec.of(gradient), vectors);
            for (int i = 0; i < n; i++) {
                expectedX[j * n + i] = column.get(i);
                for (int s = 0; s < plainState; s++) {
                    expectedState[s][j * n + i] = vectors[s].get(i);
                }
            }
        }
        out.printf("case %s %s %d %d %d %d%n", descriptor.kernel().orElseThrow(),
                precision == Precision.FP32 ? "f32" : "f64", n, COLUMNS, clipping ? 1 : 0, step);
        line(out, "hyper", ColumnParameters.hyperParameters(kernelRules));
        line(out, "step", ColumnParameters.stepScalars(kernelRules, step, 1));
        line(out, "clip", clip);
        out.println("active " + Arrays.stream(active).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        line(out, "x", x);
        line(out, "g", g);
        for (int s = 0; s < KERNEL_STATE_VECTORS; s++) {
            line(out, "s" + s, state[s]);
        }
        line(out, "expect_x", expectedX);
        for (int s = 0; s < KERNEL_STATE_VECTORS; s++) {
            line(out, "expect_s" + s, expectedState[s]);
        }
    }

    /** Uniform in [low, low + 1), representable in the precision (so both sides start from the same numbers). */
    private static double[] random(int size, double low, Random random, Precision precision) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double value = low + random.nextDouble();
            values[i] = precision == Precision.FP32 ? (float) value : value;
        }
        return values;
    }

    private static void line(PrintWriter out, String name, double[] values) {
        out.println(name + " " + Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(" ")));
    }
}
