package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DriverSymbols.CALLED is what the code calls, and a driver lacking any of it is named in one line. */
class DriverSymbolsTest {
    static final Path SOURCES = Path.of("src", "main", "java");
    static final Pattern DRIVER_CALL = Pattern.compile("JCudaDriver\\s*\\.\\s*(cu\\w+)\\s*\\(");

    @TempDir
    Path folder;

    /** Every JCudaDriver.cu* method called anywhere in gdbench's sources. */
    private static Set<String> calledMethods() throws IOException {
        Set<String> methods = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            // A static import would hide calls from the pattern.
            assertFalse(text.contains("import static jcuda.driver.JCudaDriver"), source.toString());
            Matcher call = DRIVER_CALL.matcher(text);
            while (call.find()) {
                methods.add(call.group(1));
            }
        }
        return methods;
    }

    /**
     * The symbol libJCudaDriver's native for {@code method} calls, by cuda.h's naming: the one
     * versioned name where the ABI changed (cuMemAlloc_v2), else the plain name, else the flags
     * variant CUDA 12 put in place of the plain one (cuGraphInstantiateWithFlags).
     */
    private static String importedFor(String method, Set<String> imports) {
        List<String> versioned = imports.stream().filter(s -> s.matches(Pattern.quote(method) + "_v\\d+")).toList();
        if (versioned.size() > 1) {
            throw new AssertionError("libJCudaDriver imports several versions of " + method + ": " + versioned);
        }
        if (versioned.size() == 1) {
            return versioned.get(0);
        }
        for (String name : List.of(method, method + "WithFlags")) {
            if (imports.contains(name)) {
                return name;
            }
        }
        throw new AssertionError("libJCudaDriver imports nothing for JCudaDriver." + method);
    }

    @Test
    void calledIsWhatLibJCudaDriverImportsForEachDriverCallInTheSources() throws IOException {
        Set<String> imports = ElfSymbols.read(ElfSymbolsTest.jcudaDriver(folder)).imported();
        List<String> expected = new ArrayList<>();
        for (String method : calledMethods()) {
            expected.add(importedFor(method, imports));
        }
        assertEquals(new TreeSet<>(expected), new TreeSet<>(DriverSymbols.CALLED),
                "DriverSymbols.CALLED must list the driver symbol of every JCudaDriver call");
        assertEquals(DriverSymbols.CALLED.size(), new TreeSet<>(DriverSymbols.CALLED).size(), "listed twice");
    }

    @Test
    void theStandinExportsEveryFunctionGdbenchCalls() {
        assumeTrue(Files.exists(CudaStandin.BUILT), "the stand-in is not built here (needs g++)");
        assertEquals(Optional.empty(), DriverSymbols.missingFrom(CudaStandin.BUILT));
    }

    @Test
    void aDriverLackingTwoFunctionsIsNamedWithBoth() throws Exception {
        Path driver = CudaStandin.driverLacking(folder, List.of("cuInit", "cuStreamBeginCapture_v2"));
        assertEquals(Optional.of(driver + " lacks driver functions gdbench calls (cuInit, cuStreamBeginCapture_v2): "
                + "update the NVIDIA driver"), DriverSymbols.missingFrom(driver));
    }

    /** libJCudaDriver imports the driver's functions and exports none: every one is missing from it. */
    @Test
    void aLibraryLackingThemAllIsNamedWithTheFirstFourAndACount() throws IOException {
        Path library = ElfSymbolsTest.jcudaDriver(folder);
        assertEquals(Optional.of(library + " lacks driver functions gdbench calls (cuCtxSetCurrent, cuDeviceGet, "
                + "cuDeviceGetAttribute, cuDeviceGetCount and " + (DriverSymbols.CALLED.size() - 4) + " more): "
                + "update the NVIDIA driver"), DriverSymbols.missingFrom(library));
    }

    /** The dynamic linker would not load it either: that is JCuda's load to report, not a missing symbol. */
    @Test
    void anUnreadableLibraryIsNoReasonToRefuse() throws IOException {
        Path text = Files.writeString(folder.resolve("libcuda.so.1"), "not a library");
        assertEquals(Optional.empty(), DriverSymbols.missingFrom(text));
    }
}
