package dev.gdbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.Sampling;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.bench.Workload;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.problem.QuadraticProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gdbench export-instance} (hidden; bench/peers/run calls it): writes a quadratic instance
 * and a batch of step sizes as raw little-endian fp64, runs gdbench's batched iteration on it from
 * x0, and writes the iterates after K iterations and the time per iteration. A peer loads the same
 * numbers, must reach the same iterates before its time counts, and is timed on the same work.
 */
@Command(name = "export-instance", hidden = true, mixinStandardHelpOptions = true,
        description = "Writes a quadratic instance, step sizes, gdbench's iterates after K iterations and its time "
                + "per iteration, for the peer scripts in bench/peers.")
final class ExportInstanceCommand implements Callable<Integer> {
    static final String META_FILE = "instance.json";
    /** The step-size range of the exported batch, relative to 1/L: the stable range of gradient descent, ends excluded. */
    static final double FIRST_LR_SCALE = 0.1;
    static final double LAST_LR_SCALE = 1.9;
    /** Adam moves about lr per coordinate whatever the gradient, so a tenth of gd's steps keeps it inside the bowl. */
    static final double ADAM_LR_FRACTION = 0.1;
    /** Iterating this long before timing lets the JIT compile the hot loop, as JMH's warm-up does. */
    static final double WARMUP_SECONDS = 2;

    @Option(names = "--dims", defaultValue = "256", paramLabel = "N", description = "n. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--batch", defaultValue = "20", paramLabel = "B", description = "Configurations. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", defaultValue = "gd", paramLabel = "NAME", description = "gd or adam. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--iterations", defaultValue = "50", paramLabel = "K", description = "Iterations checked and timed. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "R", description = "Timed repetitions of K iterations. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--precision", defaultValue = "fp64", paramLabel = "P",
            description = "fp64 or fp32: gdbench iterates in it; the files stay fp64. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files go.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (n < 1 || batch < 1 || iterations < 1 || repeats < 1) {
            throw new InvalidInputException("--dims/--batch/--iterations/--repeats", "must all be >= 1");
        }
        if (!optimizer.equals("gd") && !optimizer.equals("adam")) {
            throw new InvalidInputException("--optimizer", optimizer + " is not allowed: gd or adam");
        }
        if (!precision.equals("fp64") && !precision.equals("fp32")) {
            throw new InvalidInputException("--precision", precision + " is not allowed: fp64 or fp32");
        }
        Workload workload = Workload.of("quadratic", n, batch, precision, optimizer);
        QuadraticProblem instance = (QuadraticProblem) workload.build();
        OptimizerDescriptor descriptor = Optimizers.find(optimizer).orElseThrow();
        double[] lr = new double[batch];
        List<UpdateRule> rules = new ArrayList<>();
        for (int j = 0; j < batch; j++) {
            double scale = batch == 1 ? 1 : FIRST_LR_SCALE + (LAST_LR_SCALE - FIRST_LR_SCALE) * j / (batch - 1);
            lr[j] = scale / instance.smoothness() * (optimizer.equals("adam") ? ADAM_LR_FRACTION : 1);
            Map<String, Double> values = new LinkedHashMap<>(descriptor.defaults());
            values.put(HyperParameter.LEARNING_RATE, lr[j]);
            rules.add(descriptor.create(values));
        }
        Files.createDirectories(out);
        write(out.resolve("A.f64"), instance.matrix());
        write(out.resolve("b.f64"), instance.linearTerm());
        write(out.resolve("x0.f64"), instance.initialPoint());
        write(out.resolve("lr.f64"), lr);

        List<Double> secondsPerIteration = new ArrayList<>();
        String device;
        try (CpuBackend backend = new CpuBackend(); BatchRun run = backend.open(instance, rules, workload.precision(), Sampling.FULL)) {
            device = backend.description();
            run.iterate(iterations);
            double[] iterates = new double[n * batch];
            for (int j = 0; j < batch; j++) {
                System.arraycopy(run.readIterate(j), 0, iterates, j * n, n);
            }
            write(out.resolve("x_gdbench.f64"), iterates);
            while (run.secondsIterating() < WARMUP_SECONDS) {
                run.iterate(iterations);
            }
            for (int r = 0; r < repeats; r++) {
                double before = run.secondsIterating();
                run.iterate(iterations);
                secondsPerIteration.add((run.secondsIterating() - before) / iterations);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("problem", "quadratic");
        meta.put("n", n);
        meta.put("batch", batch);
        meta.put("kappa", instance.kappa());
        meta.put("optimizer", optimizer);
        meta.putAll(descriptor.defaults());
        meta.put("iterations", iterations);
        meta.put("precision", precision);
        meta.put("layout", "raw little-endian fp64 (in fp32 gdbench stores A, b, x0 rounded to fp32 and iterates in "
                + "fp32; x_gdbench holds its fp32 values); A n x n and x_gdbench n x batch column-major");
        meta.put("gdbench_seconds_per_iteration", secondsPerIteration);
        meta.put("gdbench_device", device);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(META_FILE).toFile(), meta);
        return ExitCodes.OK;
    }

    private static void write(Path file, double[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        Files.write(file, buffer.array());
    }
}
