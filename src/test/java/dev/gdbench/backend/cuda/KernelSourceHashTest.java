package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed fatbin is built from the kernel sources as they are (native/build-kernels.sh records their hash). */
class KernelSourceHashTest {
    /** The same hash as build-kernels.sh's source_hash: per source in byte order of name, the name, a newline, the bytes. */
    static String sourceHash(Path kernels) throws IOException, NoSuchAlgorithmException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(kernels)) {
            sources = files.filter(p -> p.getFileName().toString().endsWith(".cu")
                    || p.getFileName().toString().endsWith(".cuh")).sorted().toList();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Path source : sources) {
            bytes.writeBytes((source.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(Files.readAllBytes(source));
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    @Test
    void committedFatbinWasBuiltFromTheCurrentKernelSources() throws Exception {
        assertEquals(sourceHash(Path.of("kernels")), KernelModule.recordedSourceHash(),
                "kernels/*.cu changed since the committed fatbin was built: run native/build-kernels.sh and commit "
                        + "src/main/resources/dev/gdbench/backend/cuda/kernels.*");
    }

    @Test
    void fatbinHoldsEveryKernelTheBackendLaunches() {
        String image = new String(KernelModule.fatbin(), StandardCharsets.ISO_8859_1);
        assertEquals(2 * (KernelModule.updateFamilies().size() + KernelModule.FAMILIES.size()) + 5,
                KernelModule.allKernels().size(), "every family in fp32 and fp64, and the five map kernels");
        assertTrue(KernelModule.allKernels().containsAll(List.of("small_map_n2_f64", "small_map_f64",
                "small_map_rosenbrock_n2_f64", "small_map_rosenbrock_f64", "small_map_beale_n2_f64")));
        for (String kernel : KernelModule.allKernels()) {
            assertTrue(image.contains(kernel), kernel);
        }
    }
}
