// Loads each file named on the command line with java.util.Properties.load(InputStream), exactly
// as Kafka loads a .properties file (org.apache.kafka.common.utils.Utils.loadProps), and prints
// what it read, for tests/differential.rs to compare with kafkalint's reader:
//
//   == <file>
//   OK                      or   ERROR <exception class>
//   <hex of key's UTF-8> <hex of value's UTF-8>     one line per entry, sorted by key
//
// Strings are printed by code point; a lone surrogate (which UTF-8 cannot hold) as U+FFFD.
// Run: java tests/differential/PropsDump.java FILE... (Java 11+ runs a single source file).

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeMap;

public class PropsDump {
    static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            clean.appendCodePoint(cp);
        }
        for (byte b : clean.toString().getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String f : args) {
            out.append("== ").append(f).append('\n');
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(f))) {
                p.load(in);
            } catch (IllegalArgumentException e) {
                out.append("ERROR ").append(e.getClass().getSimpleName()).append('\n');
                continue;
            }
            out.append("OK\n");
            TreeMap<String, String> sorted = new TreeMap<>();
            boolean ambiguous = false;
            for (String k : p.stringPropertyNames()) {
                // Two keys with different lone surrogates print alike: say so, not compared.
                ambiguous |= sorted.put(hex(k), hex(p.getProperty(k))) != null;
            }
            if (ambiguous) {
                out.append("AMBIGUOUS\n");
                continue;
            }
            for (var e : sorted.entrySet()) {
                out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
            }
        }
        System.out.print(out);
    }
}
