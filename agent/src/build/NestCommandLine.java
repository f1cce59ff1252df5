import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run on the shaded jar after StripLocalVariables (never part of it): moves what only
 * {@code java -jar dnspatch-agent.jar} uses (the command line, doctor's dnsjava and SLF4J, about
 * 350 of the jar's 490 entries) into one entry, {@code dev/dnspatch/cli.jar}, which
 * {@code dev.dnspatch.CommandLine} loads. Inside it the classes are stored, not compressed, and the
 * one entry is compressed whole: similar classes side by side compress far better together than
 * one by one, so the jar is about a quarter smaller, and an agent start reads a central directory
 * of about 150 entries. Entries keep their order and times, so the jar stays reproducible.
 *
 * <p>{@code java NestCommandLine.java JAR}, from the agent's pom.
 */
public final class NestCommandLine {
    static final String NESTED = "dev/dnspatch/cli.jar";
    /** Where the command line's own classes and what only they use are. */
    private static final List<String> COMMAND_LINE_ONLY = List.of("dev/dnspatch/cli/",
            "dev/dnspatch/shaded/org/xbill/", "dev/dnspatch/shaded/org/slf4j/",
            "META-INF/services/dev.dnspatch.shaded.org.slf4j.");

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        long before = Files.size(jar);
        List<ZipEntry> outer = new ArrayList<>();
        ByteArrayOutputStream nestedBytes = new ByteArrayOutputStream();
        ZipEntry nestedEntry = null;
        int moved = 0;
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream nested = new ZipOutputStream(nestedBytes)) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                if (!commandLineOnly(entry.getName())) {
                    outer.add(entry);
                    continue;
                }
                if (nestedEntry == null) {
                    // In the outer jar the nested one takes the place, and the time, of its first entry.
                    nestedEntry = new ZipEntry(NESTED);
                    nestedEntry.setTime(entry.getTime());
                    outer.add(nestedEntry);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                copy.setExtra(entry.getExtra());
                byte[] bytes = read(in, entry);
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                copy.setCrc(crc(bytes));
                nested.putNextEntry(copy);
                nested.write(bytes);
                nested.closeEntry();
                moved++;
            }
            nested.finish();
            if (nestedEntry == null) {
                throw new IllegalStateException(jar + " holds no command-line classes: was it nested already?");
            }
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(rewritten)) {
                out.setLevel(Deflater.BEST_COMPRESSION);
                for (ZipEntry entry : outer) {
                    byte[] bytes = entry == nestedEntry ? nestedBytes.toByteArray() : read(in, entry);
                    ZipEntry copy = entry == nestedEntry ? entry : new ZipEntry(entry);
                    copy.setSize(bytes.length);
                    copy.setCrc(crc(bytes));
                    copy.setCompressedSize(copy.getMethod() == ZipEntry.STORED ? bytes.length : -1);
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            // Written over the jar in place: its mode stays what the build gave it.
            Files.write(jar, rewritten.toByteArray());
        }
        System.out.println("[nest] " + jar.getFileName() + ": " + moved + " entries into " + NESTED + ", "
                + before + " -> " + Files.size(jar) + " bytes, " + (outer.size()) + " entries");
    }

    private static boolean commandLineOnly(String name) {
        for (String prefix : COMMAND_LINE_ONLY) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(ZipFile jar, ZipEntry entry) throws IOException {
        try (InputStream content = jar.getInputStream(entry)) {
            return content.readAllBytes();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
