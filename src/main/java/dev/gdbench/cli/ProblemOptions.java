package dev.gdbench.cli;

import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Which problem instances to build: family, sizes, conditioning, spectrum, start and seeds. */
final class ProblemOptions {
    /** n beyond this does not fit a dense n x n matrix in any JVM heap we run in. */
    static final int MAX_DIMENSION = 40_000;

    @Option(names = "--problem", defaultValue = "quadratic", paramLabel = "NAME",
            description = "quadratic (f = 1/2 x'Ax - b'x), least-squares (f = |Mx - y|^2/(2m)), logistic (ridge-regularised "
                    + "logistic regression on synthetic data), rosenbrock (n-dimensional), beale (2-D). Default: ${DEFAULT-VALUE}.")
    String problem;

    /** n when --dims is not given: a size where the quadratic families take a few seconds; 2 for the classic test functions. */
    static final String DEFAULT_DIMS = "256";

    @Option(names = "--dims", paramLabel = "LIST",
            description = "Dimensions n (list or range). Default: " + DEFAULT_DIMS + " (rosenbrock and beale: 2).")
    String dims;

    @Option(names = "--kappas", defaultValue = "10,100,1000,10000", paramLabel = "LIST",
            description = "Condition numbers L/mu >= 1 (list or range; 1e1:1e6:log6 for decades). Default: ${DEFAULT-VALUE}.")
    String kappas;

    @Option(names = "--spectrum", defaultValue = "loguniform", paramLabel = "KIND",
            description = "How eigenvalues fill [mu, L]: loguniform, linear, clustered (half at mu, half at L). Default: ${DEFAULT-VALUE}.")
    String spectrum;

    @Option(names = "--diagonal", description = "Q = I: the Hessian is diagonal (no random rotation).")
    boolean diagonal;

    @Option(names = "--eigenvalues", paramLabel = "LIST",
            description = "Explicit Hessian spectrum, e.g. 2,10 (then --dims and --kappas are not used, Q = I and x* = 0 unless --rotate / --xstar).")
    String eigenvalues;

    @Option(names = "--rotate", description = "With --eigenvalues: rotate the spectrum by a random Q.")
    boolean rotate;

    @Option(names = "--x0", paramLabel = "VECTOR", description = "Start point, e.g. 4,2.5 (default: drawn from the seed).")
    String x0;

    @Option(names = "--xstar", paramLabel = "VECTOR", description = "Minimizer x* (b = A x*; default: drawn from the seed).")
    String xStar;

    @Option(names = "--rows", paramLabel = "M",
            description = "Rows m of the least-squares or logistic data matrix, m >= n (default: 2n).")
    Integer rows;

    @Option(names = "--ridge", defaultValue = "1e-3", paramLabel = "R",
            description = "logistic: ridge term (R/2)|w|^2, R > 0 (it is mu). Default: ${DEFAULT-VALUE}.")
    double ridge;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "LIST",
            description = "Seeds: one problem instance per seed (list or range). Default: ${DEFAULT-VALUE}.")
    String seeds;

    ProblemKind kind() {
        try {
            return ProblemKind.parse(problem);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--problem", "'" + problem + "' is not one of "
                    + Arrays.stream(ProblemKind.values()).map(ProblemKind::cliName).toList());
        }
    }

    List<Integer> dimensions(ProblemKind kind) {
        boolean classic = kind == ProblemKind.ROSENBROCK || kind == ProblemKind.BEALE;
        List<Integer> values = ValueLists.parse("--dims", dims != null ? dims : classic ? "2" : DEFAULT_DIMS).stream().map(d -> {
            if (d != Math.rint(d) || d < 1 || d > MAX_DIMENSION) {
                throw new InvalidInputException("--dims", d + " is not allowed: n must be a whole number in [1, "
                        + MAX_DIMENSION + "]");
            }
            return d.intValue();
        }).toList();
        for (int n : values) {
            if (kind == ProblemKind.BEALE && n != 2 || kind == ProblemKind.ROSENBROCK && n < 2) {
                throw new InvalidInputException("--dims", n + " is not allowed: " + kind.cliName()
                        + (kind == ProblemKind.BEALE ? " is 2-D" : " needs n >= 2"));
            }
        }
        return values;
    }

    /** m as ProblemSpec takes it: --rows, or 0 (m = 2n for each n) when it is not given. */
    int rows() {
        if (rows == null) {
            return 0;
        }
        if (rows < 1) {
            throw new InvalidInputException("--rows", rows + " is not allowed: m must be >= n (leave --rows out for m = 2n)");
        }
        return rows;
    }

    /** m at dimension n, which must be at least n where the family has rows. */
    int rows(ProblemKind kind, int n) {
        int m = rows() != 0 ? rows : 2 * n;
        if (kind.hasRows() && m < n) {
            throw new InvalidInputException("--rows", m + " is not allowed: " + kind.cliName() + " needs m >= n = " + n);
        }
        return m;
    }

    double ridge() {
        if (!(ridge > 0) || Double.isInfinite(ridge)) {
            throw new InvalidInputException("--ridge", ridge + " is not allowed: the ridge must be finite and > 0");
        }
        return ridge;
    }

    List<Double> conditionNumbers() {
        List<Double> values = ValueLists.parse("--kappas", kappas);
        for (double kappa : values) {
            if (!(kappa >= 1) || Double.isInfinite(kappa) || kappa > 1e15) {
                throw new InvalidInputException("--kappas", kappa + " is not allowed: kappa must be in [1, 1e15]");
            }
        }
        return values;
    }

    Spectrum spectrumKind() {
        try {
            return Spectrum.valueOf(spectrum.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--spectrum", "'" + spectrum + "' is not one of loguniform, linear, clustered");
        }
    }

    double[] explicitEigenvalues() {
        if (eigenvalues == null) {
            return null;
        }
        double[] values = vector("--eigenvalues", eigenvalues);
        for (double lambda : values) {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new InvalidInputException("--eigenvalues", lambda + " is not allowed: eigenvalues must be finite and > 0");
            }
        }
        return values;
    }

    double[] vector(String flag, String text) {
        if (text == null) {
            return null;
        }
        double[] values = ValueLists.vector(flag, text).stream().mapToDouble(Double::doubleValue).toArray();
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new InvalidInputException(flag, value + " is not allowed: entries must be finite");
            }
        }
        return values;
    }

    List<Long> seedList() {
        return ValueLists.parse("--seeds", seeds).stream().map(s -> {
            if (s != Math.rint(s) || Math.abs(s) > 9.0e15) {
                throw new InvalidInputException("--seeds", s + " is not allowed: seeds are whole numbers");
            }
            return s.longValue();
        }).toList();
    }
}
