package dev.gdbench.cli;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.DeviceFailureException;
import dev.gdbench.plan.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gdbench} entry point: subcommands, and the mapping of failures to exit codes. */
@Command(name = "gdbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmarks first-order optimizers on problems of exactly known difficulty, on the CPU and GPU.",
        subcommands = {SweepCommand.class, MapCommand.class, MergeCommand.class, SlurmCommand.class, BenchCommand.class,
            ReportCommand.class, VerifyCommand.class, InfoCommand.class, ExportInstanceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        documentExitCodes(commandLine);
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage()
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof InvalidInputException) {
                err.println(cmd.getCommandName() + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof BackendUnavailableException) {
                err.println(cmd.getCommandName() + ": " + e.getMessage());
                return ExitCodes.BACKEND_UNAVAILABLE;
            }
            if (e instanceof DeviceFailureException) {
                err.println(cmd.getCommandName() + ": " + e.getMessage() + " (batches already finished are written)");
                return ExitCodes.INTERNAL_ERROR;
            }
            err.println(cmd.getCommandName() + ": internal error: " + e);
            e.printStackTrace(err);
            return ExitCodes.INTERNAL_ERROR;
        });
        return commandLine;
    }

    private static void documentExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
        commandLine.getSubcommands().values().forEach(Main::documentExitCodes);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gdbench " + (version == null ? "(development build)" : version) + ", "
                    + BuildCommit.ofThisBuild().describe()};
        }
    }
}
