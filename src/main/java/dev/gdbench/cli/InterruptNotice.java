package dev.gdbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a sweep says when Ctrl-C (SIGINT) or a kill (SIGTERM) ends it: a shutdown hook that
 * finishes the progress line, says how many batches are kept and how --resume continues them.
 * Batches count as kept once their rows are flushed, the same rule --resume applies.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;
    private volatile int batchesKept;

    /**
     * @param arguments the command line as given, which the notice turns into the one that resumes it
     */
    InterruptNotice(PrintWriter err, Path directory, int batches, int batchesAlreadyKept, List<String> arguments) {
        this(err, directory, batches, batchesAlreadyKept, arguments, "batches");
    }

    /** @param units what is kept, plural: a sweep keeps batches, a map its maps */
    InterruptNotice(PrintWriter err, Path directory, int batches, int batchesAlreadyKept, List<String> arguments,
                    String units) {
        batchesKept = batchesAlreadyKept;
        String resume = "gdbench " + String.join(" ", resumeArguments(arguments, directory));
        hook = new Thread(() -> {
            err.println();
            err.println(String.format(Locale.ROOT, "interrupted: %d of %d %s are kept in %s; continue with: %s",
                    batchesKept, batches, units, directory, resume));
            err.flush();
        }, "gdbench-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void batchKept() {
        batchesKept++;
    }

    /** The same arguments with --resume and --out DIR, unless they are there already. */
    static List<String> resumeArguments(List<String> arguments, Path directory) {
        List<String> resume = new ArrayList<>(arguments);
        boolean hasOut = arguments.stream().anyMatch(a -> a.equals("--out") || a.startsWith("--out="));
        if (!hasOut) {
            resume.add("--out");
            resume.add(directory.toString());
        }
        if (!arguments.contains("--resume")) {
            resume.add("--resume");
        }
        return resume;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs and says what is kept
        }
    }
}
