package dev.callbridge.bridge.models;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Judges what the service said of each configured model against today's date. Pure: the lookups, the date and
 * the replacement table come in. A shutdown date of today or before is retired (OpenAI's dates are days, and a
 * model may stop at any hour of that day); one within {@code warnWithin} is retiring.
 */
public final class ModelLifecycle {
    private final ModelReplacements replacements;
    private final long warnDays;

    public ModelLifecycle(ModelReplacements replacements, Duration warnWithin) {
        this.replacements = Objects.requireNonNull(replacements);
        this.warnDays = warnWithin.toDays();
    }

    public ModelFinding judge(ModelUse use, ModelLookup lookup, LocalDate today) {
        return switch (lookup) {
            case ModelLookup.NotFound n -> new ModelFinding.Unknown(use, replacements.of(use.model()));
            case ModelLookup.Unreachable u -> new ModelFinding.Unchecked(use, u.why());
            case ModelLookup.Found f when f.shutdownDate().isEmpty() -> new ModelFinding.Current(use, f.shutdownDate());
            case ModelLookup.Found f -> {
                LocalDate date = f.shutdownDate().get();
                long daysLeft = ChronoUnit.DAYS.between(today, date);
                if (daysLeft <= 0) {
                    yield new ModelFinding.Retired(use, date, replacements.of(use.model()));
                }
                yield daysLeft <= warnDays ? new ModelFinding.Retiring(use, date, daysLeft, replacements.of(use.model()))
                        : new ModelFinding.Current(use, f.shutdownDate());
            }
        };
    }

    /** The findings of one check, in the order of the uses. */
    public record Report(LocalDate day, List<ModelFinding> findings) {
        public Report {
            Objects.requireNonNull(day);
            findings = List.copyOf(findings);
        }

        public List<ModelFinding> fatal() {
            return findings.stream().filter(ModelFinding::fatal).toList();
        }

        public List<ModelFinding.Retiring> retiring() {
            return findings.stream().filter(f -> f instanceof ModelFinding.Retiring)
                    .map(ModelFinding.Retiring.class::cast).toList();
        }

        public List<ModelFinding.Unchecked> unchecked() {
            return findings.stream().filter(f -> f instanceof ModelFinding.Unchecked)
                    .map(ModelFinding.Unchecked.class::cast).toList();
        }
    }
}
