package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.ChildClassPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed forwarding library makes JCuda's own libJCublas2 load and call through to a
 * libcublas.so.13, exactly as CublasLoader uses it (System.load, then JCublas2), without a GPU:
 * a stand-in libcublas.so.13 (built here with gcc) answers cublasGetVersion_v2 with 130000. Runs
 * in a child JVM, so that this JVM's JCublas2 stays untouched.
 */
class CublasForwardingTest {
    /** Seconds a child JVM that loads two native libraries and makes two calls may take. */
    static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path folder;

    @Test
    void jcublas2LoadsAgainstTheForwardingLibraryAndReachesLibcublas13() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is needed to build the stand-in libcublas.so.13");
        Path source = folder.resolve("fake.c");
        Files.writeString(source, "int cublasGetVersion_v2(void *h, int *v) { (void)h; *v = 130000; return 0; }\n");
        assertEquals(0, run(List.of("/usr/bin/gcc", "-shared", "-fPIC", "-Wl,-soname,libcublas.so.13", "-o",
                folder.resolve("libcublas.so.13").toString(), source.toString()), null).exitCode);
        Path forwarding = folder.resolve("libcublas-forward.so");
        try (InputStream in = CublasLoader.class.getResourceAsStream(CublasLoader.FORWARDING_RESOURCE)) {
            Files.copy(in, forwarding);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // JCublas2 named without initialising it: its static initialiser loads the native library.
        Class<?> jcublas = Class.forName("jcuda.jcublas.JCublas2", false, CublasForwardingTest.class.getClassLoader());
        Outcome child = run(List.of(java, "-cp", ChildClassPath.of(Child.class, jcublas), Child.class.getName(),
                forwarding.toString()), folder.toString());
        assertEquals("status 0 version 130000", child.output.strip(), child.output);
    }

    /** The child JVM: the loading sequence of CublasLoader, then one forwarded call. */
    public static final class Child {
        public static void main(String[] args) {
            System.load(args[0]);
            JCublas2.setExceptionsEnabled(false);
            int[] version = new int[1];
            int status = JCublas2.cublasGetVersion(new cublasHandle(), version);
            System.out.println("status " + status + " version " + version[0]);
        }
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(List<String> command, String libraryPath) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (libraryPath != null) {
            builder.environment().put("LD_LIBRARY_PATH", libraryPath);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Outcome(process.exitValue(), output);
    }
}
