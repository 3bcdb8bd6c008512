package dev.gdbench.cli;

import dev.gdbench.backend.Backends;
import dev.gdbench.linalg.Blas;
import dev.gdbench.result.RunMetadata;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gdbench info}: what this machine offers gdbench. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the JVM, cores, the BLAS implementation that loaded and which GPU backend is usable.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(new Main.Version().getVersion()[0]);
        for (Map.Entry<String, Object> entry : RunMetadata.machine().entrySet()) {
            out.printf("%-22s %s%n", entry.getKey(), entry.getValue());
        }
        out.printf("%-22s %s%n", "cpu_blas", Blas.implementation()
                + (Blas.implementation().equals("Java11BLAS") || Blas.implementation().equals("JavaBLAS")
                ? " (plain Java; run with --add-modules=jdk.incubator.vector, as ./gdbench does, for VectorBLAS)" : ""));
        Backends.Choice auto = Backends.choose("auto");
        try (var backend = auto.backend()) {
            out.printf("%-22s %s (%s)%n", "backend_auto", backend.description(), auto.reason());
        }
        out.printf("%-22s %s%n", "gpu", "none usable: this build has no CUDA backend yet");
        out.flush();
        return ExitCodes.OK;
    }
}
