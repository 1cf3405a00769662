package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the bridge ships with ({@code bridge/jvm.options}) are the ones every launch uses: packed into the
 * jar's resources (where the image's entry point and the soak find them), accepted by this JDK's launcher as an
 * argument file, and named by the image's entry point.
 */
class JvmOptionsTest {
    private static final Path OPTIONS = Path.of("jvm.options");

    @Test
    void theShippedOptionsAreInTheJarAndTheLauncherTakesThem() throws IOException, InterruptedException {
        String source = Files.readString(OPTIONS);
        String packed;
        try (var in = JvmOptionsTest.class.getResourceAsStream("/jvm.options")) {
            packed = in == null ? "(missing)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> options = Arrays.stream(source.split("\n")).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process version = new ProcessBuilder(java.toString(), "@" + OPTIONS.toAbsolutePath(), "-version")
                .redirectErrorStream(true).start();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = version.waitFor();
        String pom = Files.readString(Path.of("pom.xml"));

        String expected = "packed as in the source: true; heap sized: true; initial heap set: true; "
                + "java @jvm.options -version exits 0; the image starts with @/app/resources/jvm.options: true";
        String actual = "packed as in the source: " + packed.equals(source) + "; heap sized: "
                + JvmReport.sized(options) + "; initial heap set: " + options.stream().anyMatch(o -> o.startsWith("-Xms"))
                + "; java @jvm.options -version exits " + exit + "; the image starts with @/app/resources/jvm.options: "
                + pom.contains("<jvmFlag>@/app/resources/jvm.options</jvmFlag>");
        System.out.printf("shipped JVM options %s:%n  expected %s%n  actual   %s%n", options, expected, actual);
        assertEquals(expected, actual, printed);
    }

    @Test
    void anUnsizedHeapIsReported() {
        String expected = "[-Xmx512m] sized, [-XX:MaxRAMPercentage=50] sized, [-Xss512k] not, [] not";
        String actual = List.of(List.of("-Xmx512m"), List.of("-XX:MaxRAMPercentage=50"), List.of("-Xss512k"), List.<String>of())
                .stream().map(a -> a + (JvmReport.sized(a) ? " sized" : " not")).reduce((x, y) -> x + ", " + y).orElse("");
        System.out.printf("heap sized by:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }
}
