package dev.callbridge.bridge.models;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** What {@code GET /models/{id}} said of one model. */
public sealed interface ModelLookup {

    /** 200: the model exists; {@code shutdownDate} empty when none is announced ({@code null} or absent). */
    record Found(Optional<LocalDate> shutdownDate) implements ModelLookup {
        public Found {
            Objects.requireNonNull(shutdownDate);
        }
    }

    /** 404: the service does not know the model (retired and removed, or a typo). */
    record NotFound() implements ModelLookup {}

    /** No answer that says anything about the model: no network, a timeout, 5xx, 401, an unreadable body. */
    record Unreachable(String why) implements ModelLookup {
        public Unreachable {
            Objects.requireNonNull(why);
        }
    }
}
