package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dynamic symbol tables of the stand-in's libcuda.so.1 and of libJCudaDriver, read as nm reads them. */
class ElfSymbolsTest {
    /** nm reads a few MB in well under a second; a hang is a failure. */
    static final long NM_TIMEOUT_SECONDS = 60;

    @TempDir
    Path folder;

    /** A driver function's name (libJCudaDriver also exports currentOccupancyCallback). */
    private static boolean driverFunction(String symbol) {
        return symbol.matches("cu[A-Z]\\w*");
    }

    /** libJCudaDriver, from the jcuda-natives jar on the class path, where JCuda's loader finds it too. */
    static Path jcudaDriver(Path folder) throws IOException {
        String name = "libJCudaDriver-" + KernelModule.jcudaVersion() + "-linux-x86_64.so";
        Path library = folder.resolve(name);
        try (InputStream in = ElfSymbolsTest.class.getResourceAsStream("/lib/" + name)) {
            assertTrue(in != null, name + " is not on the class path");
            Files.copy(in, library);
        }
        return library;
    }

    /** Names as {@code nm -D} prints them, without the symbol versions (memcpy@GLIBC_2.14) it appends. */
    private static Set<String> nm(String which, Path library) throws IOException, InterruptedException {
        Process nm;
        try {
            nm = new ProcessBuilder("nm", "-D", which, library.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "nm (binutils) is not installed: " + e.getMessage());
            throw e;
        }
        String listing = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nm.waitFor(NM_TIMEOUT_SECONDS, TimeUnit.SECONDS) && nm.exitValue() == 0, "nm " + which + " " + library);
        return listing.lines().map(line -> line.substring(line.lastIndexOf(' ') + 1).replaceFirst("@.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theStandinExportsWhatNmListsAndEveryFunctionLibJCudaDriverImports() throws Exception {
        assumeTrue(Files.exists(CudaStandin.BUILT), "the stand-in is not built here (needs g++)");
        ElfSymbols.Table standin = ElfSymbols.read(CudaStandin.BUILT);
        assertEquals(nm("--defined-only", CudaStandin.BUILT), standin.exported());
        // build-cuda-standin.sh wrote libJCudaDriver's cu* imports beside it, and checked it exports exactly those.
        List<String> imports = Files.readAllLines(CudaStandin.BUILT.resolveSibling("imports.txt"));
        assertEquals(312, imports.size());
        assertEquals(new TreeSet<>(imports), standin.exported().stream().filter(ElfSymbolsTest::driverFunction)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(Set.of(), standin.imported().stream().filter(ElfSymbolsTest::driverFunction).collect(Collectors.toSet()));
    }

    @Test
    void libJCudaDriverImportsWhatNmListsAndExportsNoDriverFunction() throws Exception {
        Path library = jcudaDriver(folder);
        ElfSymbols.Table table = ElfSymbols.read(library);
        assertEquals(nm("--undefined-only", library), table.imported());
        assertEquals(312, table.imported().stream().filter(ElfSymbolsTest::driverFunction).count());
        assertTrue(table.imported().containsAll(List.of("cuInit", "cuMemAlloc_v2", "cuGraphInstantiateWithFlags")));
        assertEquals(List.of(), table.exported().stream().filter(ElfSymbolsTest::driverFunction).toList());
    }

    @Test
    void aFileThatIsNotElfIsRefusedWithItsName() throws IOException {
        Path text = Files.writeString(folder.resolve("libcuda.so.1"), "INPUT(libcuda.so.580)\n");
        IOException e = assertThrows(IOException.class, () -> ElfSymbols.read(text));
        assertEquals(text + " is not a 64-bit little-endian ELF file", e.getMessage());
    }

    @Test
    void anElfFileCutAfterItsHeaderIsRefused() throws IOException {
        byte[] library = Files.readAllBytes(jcudaDriver(folder));
        Path cut = Files.write(folder.resolve("cut.so"), Arrays.copyOf(library, 64));
        IOException e = assertThrows(IOException.class, () -> ElfSymbols.read(cut));
        assertTrue(e.getMessage().endsWith("lies outside the file"), e.getMessage());
    }
}
