package dev.gdbench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exit codes of every command, listed in every command's --help. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int BAD_INPUT = 2;
    static final int BACKEND_UNAVAILABLE = 3;
    /** bench: the results of the benchmarks that ran are written, but some failed (one line names them). */
    static final int BENCHMARKS_FAILED = 4;
    /** sweep --backend cpu,cuda: the backends' results disagreed on some batches (named; their rows not written). */
    static final int BACKENDS_DISAGREE = 5;

    static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put(Integer.toString(OK), "ran to the end (configurations may still have diverged: see status)");
        help.put(Integer.toString(INTERNAL_ERROR), "internal error, or verify found a case out of bounds (a bug: please report it with the command line)");
        help.put(Integer.toString(BAD_INPUT), "bad input (the message names the flag and what it allows)");
        help.put(Integer.toString(BACKEND_UNAVAILABLE), "the requested backend cannot run here");
        help.put(Integer.toString(BENCHMARKS_FAILED), "bench: some benchmarks failed (named on stderr, details in "
                + BenchCommand.LOG_FILE + "); the others' results are written");
        help.put(Integer.toString(BACKENDS_DISAGREE), "sweep with several --backend: their results disagreed on some "
                + "batches (named on stderr); those rows are not written, --resume runs them again");
        return help;
    }

    private ExitCodes() {}
}
