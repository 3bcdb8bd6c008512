package dev.gdbench.backend.cuda;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dynamic symbol table (.dynsym) of an x86-64 shared library (ELF64, little-endian): what it
 * exports and what it imports, as {@code nm -D} lists them. Read in Java, without loading the
 * library, so that a library can be checked before the dynamic linker binds anything against it.
 * Reads only the headers and the two tables it needs: a driver's libcuda.so is 100 MB.
 */
final class ElfSymbols {
    private static final int ELF64_HEADER_BYTES = 64;
    /** "\177ELF", read little-endian. */
    private static final int ELF_MAGIC = 0x464c457f;
    private static final byte ELFCLASS64 = 2;
    private static final byte ELFDATA2LSB = 1;
    private static final int SHT_DYNSYM = 11;
    private static final int SYMBOL_BYTES = 24;
    /** st_shndx of a symbol the library uses but does not define. */
    private static final int SHN_UNDEF = 0;
    private static final int STB_LOCAL = 0;
    /** Hidden and internal symbols (st_other 1 and 2) are not visible to other libraries. */
    private static final int STV_HIDDEN = 1;
    private static final int STV_INTERNAL = 2;

    /** Defined and visible symbols, and undefined ones: {@code nm -D --defined-only} and {@code --undefined-only}. */
    record Table(Set<String> exported, Set<String> imported) {
    }

    private ElfSymbols() {}

    static Table read(Path library) throws IOException {
        try (FileChannel file = FileChannel.open(library, StandardOpenOption.READ)) {
            ByteBuffer header = bytes(file, 0, Math.min(file.size(), ELF64_HEADER_BYTES));
            if (header.limit() < ELF64_HEADER_BYTES || header.getInt(0) != ELF_MAGIC || header.get(4) != ELFCLASS64 || header.get(5) != ELFDATA2LSB) {
                throw new IOException(library + " is not a 64-bit little-endian ELF file");
            }
            long sectionsAt = header.getLong(0x28);
            int sectionBytes = Short.toUnsignedInt(header.getShort(0x3a));
            int sectionCount = Short.toUnsignedInt(header.getShort(0x3c));
            ByteBuffer sections = bytes(file, sectionsAt, (long) sectionBytes * sectionCount);
            for (int i = 0; i < sectionCount; i++) {
                int section = i * sectionBytes;
                if (sections.getInt(section + 4) == SHT_DYNSYM) {
                    int strings = sections.getInt(section + 0x28) * sectionBytes;  // sh_link: its string table
                    return symbols(bytes(file, sections.getLong(section + 0x18), sections.getLong(section + 0x20)),
                            bytes(file, sections.getLong(strings + 0x18), sections.getLong(strings + 0x20)));
                }
            }
            throw new IOException(library + " has no dynamic symbol table");
        } catch (IndexOutOfBoundsException e) {
            throw new IOException(library + ": an ELF header points outside its table (" + e.getMessage() + ")", e);
        }
    }

    private static Table symbols(ByteBuffer symbols, ByteBuffer strings) {
        Set<String> exported = new TreeSet<>();
        Set<String> imported = new TreeSet<>();
        // Entry 0 is the null symbol.
        for (int symbol = SYMBOL_BYTES; symbol + SYMBOL_BYTES <= symbols.limit(); symbol += SYMBOL_BYTES) {
            String name = string(strings, symbols.getInt(symbol));
            int binding = Byte.toUnsignedInt(symbols.get(symbol + 4)) >> 4;
            int visibility = symbols.get(symbol + 5) & 3;
            boolean defined = Short.toUnsignedInt(symbols.getShort(symbol + 6)) != SHN_UNDEF;
            if (name.isEmpty() || binding == STB_LOCAL) {
                continue;
            }
            if (!defined) {
                imported.add(name);
            } else if (visibility != STV_HIDDEN && visibility != STV_INTERNAL) {
                exported.add(name);
            }
        }
        return new Table(exported, imported);
    }

    private static String string(ByteBuffer strings, int offset) {
        int end = offset;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - offset];
        strings.get(offset, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    private static ByteBuffer bytes(FileChannel file, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset + length > file.size()) {
            throw new EOFException("ELF table at " + offset + " (" + length + " bytes) lies outside the file");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("ELF file ends inside a table at " + offset);
            }
        }
        return buffer.flip();
    }
}
