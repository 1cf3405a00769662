package dev.callbridge.bridge.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The judgement of each configured model against today's date, and the check that repeats it daily. */
class ModelLifecycleTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 8);
    private static final ModelUse REALTIME = new ModelUse("callbridge.realtime.model", "gpt-realtime");
    private static final ModelUse SUMMARY = new ModelUse("callbridge.summary.model", "gpt-6-luna");
    private final ModelLifecycle lifecycle = new ModelLifecycle(ModelReplacements.builtIn(), Duration.ofDays(30));

    private static ModelLookup.Found shutsDown(LocalDate date) {
        return new ModelLookup.Found(Optional.of(date));
    }

    @Test
    void eachAnswerIsJudgedAndSaidInOneLine() {
        List<Object[]> cases = List.of(
                new Object[] {shutsDown(TODAY), "callbridge.realtime.model: OpenAI shut down gpt-realtime on 2026-12-08; "
                        + "its replacement is gpt-realtime-2.1. Set callbridge.realtime.model to a current model."},
                new Object[] {shutsDown(TODAY.minusDays(3)), "callbridge.realtime.model: OpenAI shut down gpt-realtime on "
                        + "2026-12-05; its replacement is gpt-realtime-2.1. Set callbridge.realtime.model to a current model."},
                new Object[] {shutsDown(TODAY.plusDays(1)), "callbridge.realtime.model: OpenAI shuts down gpt-realtime on "
                        + "2026-12-09 (in 1 day); its replacement is gpt-realtime-2.1. Change callbridge.realtime.model before then."},
                new Object[] {shutsDown(TODAY.plusDays(10)), "callbridge.realtime.model: OpenAI shuts down gpt-realtime on "
                        + "2026-12-18 (in 10 days); its replacement is gpt-realtime-2.1. Change callbridge.realtime.model before then."},
                new Object[] {shutsDown(TODAY.plusDays(30)), "callbridge.realtime.model: OpenAI shuts down gpt-realtime on "
                        + "2027-01-07 (in 30 days); its replacement is gpt-realtime-2.1. Change callbridge.realtime.model before then."},
                new Object[] {shutsDown(TODAY.plusDays(31)), "callbridge.realtime.model: gpt-realtime is current (shuts down on 2027-01-08)"},
                new Object[] {new ModelLookup.Found(Optional.empty()), "callbridge.realtime.model: gpt-realtime is current (no shutdown announced)"},
                new Object[] {new ModelLookup.NotFound(), "callbridge.realtime.model: OpenAI does not know the model gpt-realtime "
                        + "(404: retired and removed, or misspelt); its replacement is gpt-realtime-2.1. Set callbridge.realtime.model to a current model."},
                new Object[] {new ModelLookup.Unreachable("HTTP 503"), "callbridge.realtime.model: could not check gpt-realtime (HTTP 503)"});
        for (Object[] c : cases) {
            ModelFinding finding = lifecycle.judge(REALTIME, (ModelLookup) c[0], TODAY);
            System.out.println(c[0] + "\n  expected " + c[1] + "\n  actual   " + finding.line());
            assertEquals(c[1], finding.line());
        }
        assertTrue(lifecycle.judge(REALTIME, shutsDown(TODAY), TODAY).fatal());
        assertTrue(lifecycle.judge(REALTIME, new ModelLookup.NotFound(), TODAY).fatal());
        assertEquals(false, lifecycle.judge(REALTIME, shutsDown(TODAY.plusDays(1)), TODAY).fatal());
        assertEquals(false, lifecycle.judge(REALTIME, new ModelLookup.Unreachable("x"), TODAY).fatal());
    }

    @Test
    void aModelWithoutAKnownReplacementIsNamedWithoutOne() {
        var use = new ModelUse("callbridge.summary.model", "my-fine-tune");
        String line = lifecycle.judge(use, shutsDown(TODAY), TODAY).line();
        System.out.println("expected no replacement named, actual: " + line);
        assertEquals("callbridge.summary.model: OpenAI shut down my-fine-tune on 2026-12-08; no replacement is known "
                + "here. Set callbridge.summary.model to a current model.", line);
    }

    /** The start-up check throws with one line per fatal model; the same finding later (daily) only reports it. */
    @Test
    void startUpStopsOnARetiredModelAndTheDailyCheckFollowsTheCalendar() {
        var today = new AtomicReference<>(TODAY);
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return today.get().atTime(12, 0).toInstant(ZoneOffset.UTC);
            }
        };
        Map<String, ModelLookup> answers = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
                "gpt-realtime", shutsDown(TODAY.plusDays(33)), "gpt-6-luna", new ModelLookup.Found(Optional.empty())));
        var check = new ModelCheck(List.of(REALTIME, SUMMARY), answers::get, lifecycle, clock);

        ModelLifecycle.Report first = check.atStartUp();
        System.out.println("day 0: expected both current, actual " + first.findings());
        assertEquals(List.of(), first.retiring());
        today.set(TODAY.plusDays(5));
        ModelLifecycle.Report fifth = check.check();
        System.out.println("day 5: expected gpt-realtime retiring in 28 days, actual " + fifth.retiring());
        assertEquals(28, fifth.retiring().getFirst().daysLeft());
        today.set(TODAY.plusDays(33));
        ModelLifecycle.Report last = check.check();
        System.out.println("day 33: expected gpt-realtime retired (reported, the bridge runs on), actual " + last.fatal());
        assertInstanceOf(ModelFinding.Retired.class, last.fatal().getFirst());
        assertEquals(Optional.of(last), check.latest());

        var fresh = new ModelCheck(List.of(REALTIME, SUMMARY), answers::get, lifecycle, clock);
        var stop = assertThrows(RetiredModelException.class, fresh::atStartUp);
        System.out.println("a start on day 33: expected one line naming the setting, actual: " + stop.getMessage());
        assertEquals("callbridge.realtime.model: OpenAI shut down gpt-realtime on 2027-01-10; its replacement is "
                + "gpt-realtime-2.1. Set callbridge.realtime.model to a current model.", stop.getMessage());
    }

    @Test
    void modelsWithoutReasoningAreKnown() {
        var expected = Map.of("gpt-realtime-2.1", true, "gpt-realtime-2.1-mini", true, "gpt-realtime-2", true,
                "gpt-realtime-3", true, "gpt-realtime", false, "gpt-realtime-2025-08-28", false, "gpt-realtime-mini", false,
                "gpt-realtime-1.5", false, "gpt-4o-realtime-preview", false, "gpt-audio-mini", false);
        var actual = new java.util.TreeMap<String, Boolean>();
        expected.keySet().forEach(m -> actual.put(m, ReasoningModels.takesReasoning(m)));
        System.out.println("takes reasoning: expected " + new java.util.TreeMap<>(expected) + "\n  actual   " + actual);
        assertEquals(new java.util.TreeMap<>(expected), actual);
    }
}
