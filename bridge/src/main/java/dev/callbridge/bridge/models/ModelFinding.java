package dev.callbridge.bridge.models;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** What the model check concluded about one configured model; {@link #line()} is what the log and start-up say. */
public sealed interface ModelFinding {

    ModelUse use();

    /** One line naming the setting, the model and what was found. */
    String line();

    /** Whether the bridge must not start with it (retired, or unknown to the service). */
    default boolean fatal() {
        return false;
    }

    /** The shutdown date is today or past: calls naming it would fail. */
    record Retired(ModelUse use, LocalDate shutdownDate, Optional<String> replacement) implements ModelFinding {
        public Retired {
            Objects.requireNonNull(use);
            Objects.requireNonNull(shutdownDate);
            Objects.requireNonNull(replacement);
        }

        @Override
        public String line() {
            return use.setting() + ": OpenAI shut down " + use.model() + " on " + shutdownDate
                    + replacement.map(r -> "; its replacement is " + r).orElse("; no replacement is known here")
                    + ". Set " + use.setting() + " to a current model.";
        }

        @Override
        public boolean fatal() {
            return true;
        }
    }

    /** The service does not know the model (404). */
    record Unknown(ModelUse use, Optional<String> replacement) implements ModelFinding {
        public Unknown {
            Objects.requireNonNull(use);
            Objects.requireNonNull(replacement);
        }

        @Override
        public String line() {
            return use.setting() + ": OpenAI does not know the model " + use.model() + " (404: retired and removed, "
                    + "or misspelt)" + replacement.map(r -> "; its replacement is " + r).orElse("")
                    + ". Set " + use.setting() + " to a current model.";
        }

        @Override
        public boolean fatal() {
            return true;
        }
    }

    /** A shutdown is announced within the warning window. */
    record Retiring(ModelUse use, LocalDate shutdownDate, long daysLeft, Optional<String> replacement)
            implements ModelFinding {
        public Retiring {
            Objects.requireNonNull(use);
            Objects.requireNonNull(shutdownDate);
            Objects.requireNonNull(replacement);
        }

        @Override
        public String line() {
            return use.setting() + ": OpenAI shuts down " + use.model() + " on " + shutdownDate + " (in " + daysLeft
                    + (daysLeft == 1 ? " day" : " days") + ")" + replacement.map(r -> "; its replacement is " + r).orElse("")
                    + ". Change " + use.setting() + " before then.";
        }
    }

    /** Current: no shutdown announced, or one beyond the warning window. */
    record Current(ModelUse use, Optional<LocalDate> shutdownDate) implements ModelFinding {
        public Current {
            Objects.requireNonNull(use);
            Objects.requireNonNull(shutdownDate);
        }

        @Override
        public String line() {
            return use.setting() + ": " + use.model() + " is current"
                    + shutdownDate.map(d -> " (shuts down on " + d + ")").orElse(" (no shutdown announced)");
        }
    }

    /** The service could not be asked (no network, a timeout, 5xx, a refused key): nothing is known. */
    record Unchecked(ModelUse use, String why) implements ModelFinding {
        public Unchecked {
            Objects.requireNonNull(use);
            Objects.requireNonNull(why);
        }

        @Override
        public String line() {
            return use.setting() + ": could not check " + use.model() + " (" + why + ")";
        }
    }
}
