package dev.gdbench.map;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format, version 1.0, for the grid files of a map: a magic string, a header that
 * names the element type and the shape, then the elements in C order, little-endian. numpy.load
 * reads it as it is; R reads it with RcppCNPy::npyLoad or reticulate. Only the three element types a
 * map writes: int8 ('|i1'), int32 ('<i4') and float64 ('<f8').
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** The header ends with a newline at a multiple of this, so the data is aligned (NumPy's own choice). */
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpyFile() {}

    public static void write(Path file, int[] shape, byte[] values) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(values);
        write(file, "|i1", shape, data);
    }

    public static void write(Path file, int[] shape, int[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        write(file, "<i4", shape, data);
    }

    public static void write(Path file, int[] shape, double[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        write(file, "<f8", shape, data);
    }

    private static void write(Path file, String descr, int[] shape, ByteBuffer data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + (shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2)) + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        String header = dict + " ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(header.length() & 0xff);
            out.write(header.length() >> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(data.array());
        }
    }

    /** An array read back: its shape and its elements, widened to double (int8 and int32 are exact in it). */
    public record Array(int[] shape, double[] values) {
    }

    public static Array read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (bytes.get() != b) {
                throw new IOException(file + " is not a version 1.0 .npy file");
            }
        }
        int headerLength = Short.toUnsignedInt(bytes.getShort());
        byte[] headerBytes = new byte[headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        Matcher descr = DESCR.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !shapeText.find() || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": unexpected header " + header.trim());
        }
        int[] shape = java.util.Arrays.stream(shapeText.group(1).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int count = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] values = new double[count];
        // the element type is resolved once: a million-point grid is read back for every figure
        switch (descr.group(1)) {
            case "|i1" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = bytes.get();
                }
            }
            case "<i4" -> {
                for (int i = 0; i < count; i++) {
                    values[i] = bytes.getInt();
                }
            }
            case "<f8" -> bytes.asDoubleBuffer().get(values);
            default -> throw new IOException(file + ": element type " + descr.group(1) + " is not one a map writes");
        }
        return new Array(shape, values);
    }
}
