package dev.gdbench.cli;

import dev.gdbench.ChildClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run in a process of its own (gdbench in a child JVM, a shell script, a Slurm client), bounded in time. */
final class ChildProcess {
    record Outcome(int exitCode, String output) {
    }

    private ChildProcess() {}

    /** The command line that runs gdbench in a child JVM with this test's classes. */
    static List<String> gdbench(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", ChildClassPath.of(Main.class), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs {@code command} with these variables added to (or, mapped to null, removed from) this
     * process's environment; output and errors together. A command past {@code timeoutSeconds} is killed.
     */
    static Outcome run(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("gdbench-child", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                        + "\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
