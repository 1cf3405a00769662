package dev.callbridge.simulator.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CpuPinningTest {
    @Test
    void cpuListsParseAsTasksetWritesThem() {
        List<String> lists = List.of("0", "0-3,6", " 1,3-4\n", "2-2");
        List<SortedSet<Integer>> expected = List.of(set(0), set(0, 1, 2, 3, 6), set(1, 3, 4), set(2));
        List<SortedSet<Integer>> actual = lists.stream().map(CpuPinning::parse).toList();
        System.out.println("lists " + lists + ": expected " + expected + ", actual " + actual);
        assertEquals(expected, actual);
        assertEquals("0,1,2,3,6", CpuPinning.format(set(0, 1, 2, 3, 6)));
    }

    @Test
    void aListThatIsNotOneIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("0-x"));
        System.out.println("0-x: " + e.getMessage());
        assertTrue(e.getMessage().contains("'0-x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("3-1"));
        System.out.println("3-1: " + e.getMessage());
        assertTrue(e.getMessage().contains("not a CPU range: '3-1'"), e.getMessage());
    }

    @Test
    void theSimulatorGetsTheAllowedCpusTheBridgeIsNotOn() {
        var twoCores = CpuPinning.rest(set(0, 1), set(0));
        var manyCores = CpuPinning.rest(set(0, 1, 2, 3), set(1, 2));
        var oneCore = CpuPinning.rest(set(0), set(0));
        System.out.println("expected [1], [0, 3], none; actual " + twoCores + ", " + manyCores + ", " + oneCore);
        assertEquals(Optional.of(set(1)), twoCores);
        assertEquals(Optional.of(set(0, 3)), manyCores);
        assertEquals(Optional.empty(), oneCore);
    }

    private static SortedSet<Integer> set(Integer... cpus) {
        return new TreeSet<>(List.of(cpus));
    }
}
