package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JCuda's natives are extracted into a folder of this process's own (whether or not a driver then
 * loads them), and java.io.tmpdir is what it was.
 */
class NativeFolderTest {
    @Test
    void jcudaExtractsItsDriverLibraryIntoAFolderOfThisProcess() throws Exception {
        String tmpdir = System.getProperty(NativeFolder.TMPDIR);
        CudaAvailability.check();
        Path folder = NativeFolder.folder();
        assertEquals(Path.of(tmpdir), folder.getParent());
        assertTrue(folder.getFileName().toString().startsWith("gdbench-jcuda-" + ProcessHandle.current().pid() + "-"),
                folder.toString());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("libJCudaDriver-" + KernelModule.jcudaVersion() + "-linux-x86_64.so"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
        assertEquals(tmpdir, System.getProperty(NativeFolder.TMPDIR));
    }
}
