package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gdbench slurm --array 3 --submit on a real one-node Slurm cluster on localhost, which the test
 * starts (munged, slurmctld, slurmd, all state in a temporary folder, no systemd or cgroups) and
 * stops by the processes it started. Debian's packages are installed when missing; where that
 * cannot be done (not root, no apt-get) the test skips, saying why in one line.
 */
class SlurmClusterTest {
    private static final List<String> PACKAGES = List.of("slurmctld", "slurmd", "slurm-client", "munge");
    private static final List<Path> DAEMONS = List.of(Path.of("/usr/sbin/munged"), Path.of("/usr/sbin/slurmctld"),
            Path.of("/usr/sbin/slurmd"), Path.of("/usr/bin/sbatch"));
    /** Every client call (sinfo, scontrol, scancel) is bounded by this. */
    private static final long CLIENT_TIMEOUT_SECONDS = 15;
    private static final long INSTALL_TIMEOUT_SECONDS = 300;
    /** The cluster answers within a second or two of starting; jobs of this sweep take seconds each. */
    private static final long READY_SECONDS = 60;
    private static final long JOBS_SECONDS = 400;
    private static final Set<String> FINAL_STATES = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE");

    @TempDir
    Path temp;

    @Test
    void anArrayAndItsMergeSubmittedToSlurmMakeTheUnshardedSweep() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the Slurm test needs Linux");
        assumeTrue("root".equals(System.getProperty("user.name")), "the Slurm test needs root (slurmd runs as root)");
        String missing = installedOrWhyNot();
        assumeTrue(missing.isEmpty(), missing);
        // munged refuses a socket in a folder that others cannot enter.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path run = temp.resolve("run");
        try (LocalSlurm slurm = LocalSlurm.start(Files.createDirectories(temp.resolve("cluster")))) {
            List<String> args = new ArrayList<>(List.of("slurm", "--array", "3", "--submit", "--time", "10", "--out",
                    run.toString()));
            args.addAll(ShardedRuns.SWEEP_OPTIONS);
            var submitted = ChildProcess.run(ChildProcess.gdbench(args.toArray(new String[0])), slurm.environment(), 120);
            assertEquals(0, submitted.exitCode(), submitted.output());
            Matcher ids = Pattern.compile("submitted: array job (\\d+) \\(3 tasks\\), merge job (\\d+) after it")
                    .matcher(submitted.output());
            assertTrue(ids.find(), submitted.output());
            slurm.submitted(ids.group(1), ids.group(2));
            String state = slurm.waitForFinalState(ids.group(2));
            assertEquals("COMPLETED", state, "the merge job ended " + state + "\n" + logs(run) + slurm.log());
            assertEquals("COMPLETED", slurm.state(ids.group(1) + "_1"), logs(run));
        }
        Path whole = temp.resolve("whole");
        assertEquals(0, ShardedRuns.sweep(whole).exitCode());
        ShardedRuns.assertSameAsUnsharded(whole, run.resolve("merged"));
    }

    /** Empty when Slurm and munge are installed (installing them if need be), else why not, in one line. */
    private String installedOrWhyNot() throws Exception {
        if (DAEMONS.stream().allMatch(Files::isExecutable)) {
            return "";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "Slurm is not installed and there is no apt-get to install " + String.join(" ", PACKAGES);
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(PACKAGES);
        Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
        var outcome = ChildProcess.run(install, quiet, INSTALL_TIMEOUT_SECONDS);
        if (outcome.exitCode() != 0) {
            // A fresh machine has no package lists yet.
            ChildProcess.run(List.of("apt-get", "update", "-q"), quiet, INSTALL_TIMEOUT_SECONDS);
            outcome = ChildProcess.run(install, quiet, INSTALL_TIMEOUT_SECONDS);
        }
        if (outcome.exitCode() != 0 || !DAEMONS.stream().allMatch(Files::isExecutable)) {
            return "Slurm could not be installed (apt-get install " + String.join(" ", PACKAGES) + " exited "
                    + outcome.exitCode() + ": " + outcome.output().strip().lines().reduce((a, b) -> b).orElse("") + ")";
        }
        return "";
    }

    private static String logs(Path run) throws IOException {
        StringBuilder text = new StringBuilder();
        Path logs = run.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.sorted().toList()) {
                    text.append("--- ").append(file).append('\n').append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }

    /** munged, slurmctld and slurmd in the foreground, configured in a folder of their own. */
    private static final class LocalSlurm implements AutoCloseable {
        private final Path folder;
        private final List<Process> daemons = new ArrayList<>();
        private final List<String> jobs = new ArrayList<>();

        private LocalSlurm(Path folder) {
            this.folder = folder;
        }

        static LocalSlurm start(Path folder) throws Exception {
            LocalSlurm slurm = new LocalSlurm(folder);
            try {
                slurm.configure();
                slurm.launch("munged", List.of("/usr/sbin/munged", "--foreground", "--key-file=" + folder.resolve("munge.key"),
                        "--socket=" + folder.resolve("munge.socket"), "--pid-file=" + folder.resolve("munged.pid"),
                        "--log-file=" + folder.resolve("munged.log"), "--seed-file=" + folder.resolve("munged.seed")));
                slurm.waitFor(() -> Files.exists(folder.resolve("munge.socket")), "munged's socket");
                slurm.launch("slurmctld", List.of("/usr/sbin/slurmctld", "-D", "-f", slurm.conf().toString()));
                // The node is called localhost whatever this machine's name is.
                slurm.launch("slurmd", List.of("/usr/sbin/slurmd", "-D", "-N", "localhost", "-f", slurm.conf().toString()));
                slurm.waitFor(() -> slurm.client(List.of("sinfo", "-h", "-o", "%T")).strip().equals("idle"),
                        "the node to be idle");
                return slurm;
            } catch (Exception | AssertionError e) {
                slurm.close();
                throw e;
            }
        }

        Path conf() {
            return folder.resolve("slurm.conf");
        }

        Map<String, String> environment() {
            return Map.of("SLURM_CONF", conf().toString());
        }

        void submitted(String... ids) {
            jobs.addAll(List.of(ids));
        }

        /** Polls the job until it reaches a final state; the state, or "PENDING ..." when it never does. */
        String waitForFinalState(String job) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOBS_SECONDS);
            String state = "";
            while (System.nanoTime() < deadline) {
                state = state(job);
                if (FINAL_STATES.contains(state)) {
                    return state;
                }
                Thread.sleep(1000);
            }
            return state + " after " + JOBS_SECONDS + " s";
        }

        /** scontrol's JobState (MinJobAge keeps finished jobs visible: there is no slurmdbd for sacct). */
        String state(String job) throws Exception {
            Matcher state = Pattern.compile("JobState=(\\S+)").matcher(client(List.of("scontrol", "-o", "show", "job",
                    job)));
            return state.find() ? state.group(1) : "unknown";
        }

        String log() throws IOException {
            Path file = folder.resolve("slurmctld.log");
            return Files.exists(file) ? "--- slurmctld.log\n" + Files.readString(file) : "";
        }

        private String client(List<String> command) throws Exception {
            return ChildProcess.run(command, environment(), CLIENT_TIMEOUT_SECONDS).output();
        }

        private void configure() throws Exception {
            Path key = folder.resolve("munge.key");
            byte[] secret = new byte[1024];
            new SecureRandom().nextBytes(secret);
            Files.write(key, secret);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(folder.resolve("state"));
            Files.createDirectories(folder.resolve("spool"));
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().split("\\.", 2)[0];
            Files.writeString(conf(), String.join("\n",
                    "ClusterName=gdbenchtest",
                    "SlurmctldHost=" + host + "(127.0.0.1)",
                    "SlurmctldPort=" + freePort(), "SlurmdPort=" + freePort(),
                    "SlurmUser=root", "SlurmdUser=root",
                    "AuthType=auth/munge", "CredType=cred/munge", "AuthInfo=socket=" + folder.resolve("munge.socket"),
                    "StateSaveLocation=" + folder.resolve("state"), "SlurmdSpoolDir=" + folder.resolve("spool"),
                    "SlurmctldPidFile=" + folder.resolve("slurmctld.pid"), "SlurmdPidFile=" + folder.resolve("slurmd.pid"),
                    "SlurmctldLogFile=" + folder.resolve("slurmctld.log"), "SlurmdLogFile=" + folder.resolve("slurmd.log"),
                    // No systemd, no cgroups: track processes by their parents, bind no tasks.
                    "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "MpiDefault=none",
                    "JobAcctGatherType=jobacct_gather/none", "AccountingStorageType=accounting_storage/none",
                    "SchedulerType=sched/builtin", "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
                    "ReturnToService=2",
                    // A merge whose array failed is cancelled instead of pending forever; finished jobs stay visible.
                    "DependencyParameters=kill_invalid_depend", "MinJobAge=3600",
                    "NodeName=localhost NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors()
                            + " State=UNKNOWN",
                    "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP") + "\n");
        }

        private void launch(String name, List<String> command) throws IOException {
            daemons.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(folder.resolve(name + ".out").toFile()).start());
        }

        private interface Check {
            boolean holds() throws Exception;
        }

        private void waitFor(Check check, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
            while (!check.holds()) {
                for (Process daemon : daemons) {
                    if (!daemon.isAlive()) {
                        throw new AssertionError(daemon.info().command().orElse("a daemon") + " exited while waiting for "
                                + what + ":\n" + outputs());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " after " + READY_SECONDS + " s:\n" + outputs());
                }
                Thread.sleep(200);
            }
        }

        private String outputs() throws IOException {
            StringBuilder text = new StringBuilder();
            for (String name : List.of("munged", "slurmctld", "slurmd")) {
                Path file = folder.resolve(name + ".out");
                if (Files.exists(file)) {
                    text.append("--- ").append(name).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
            return text.toString();
        }

        /** Cancels what is left of the jobs, then stops the daemons it started (and their job steps) by PID, last first. */
        @Override
        public void close() throws Exception {
            if (!jobs.isEmpty()) {
                List<String> cancel = new ArrayList<>(List.of("scancel"));
                cancel.addAll(jobs);
                client(cancel);
            }
            for (int d = daemons.size() - 1; d >= 0; d--) {
                Process daemon = daemons.get(d);
                List<ProcessHandle> steps = daemon.descendants().toList();
                daemon.destroy();
                if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                steps.forEach(ProcessHandle::destroyForcibly);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
