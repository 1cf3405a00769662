package dev.callbridge.bridge.call;

import dev.callbridge.bridge.journal.CallJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every voice call is configured with, whichever voice API answers it ({@link VoiceApi} has its own).
 *
 * @param instanceId names this bridge process in the summary's origin
 * @param recordings where per-call recordings go (a call's profile says whether it is recorded); empty: none is
 * @param recordingMaxBytes bound on one recording
 * @param callTokens checks the per-call token in {@code start}; empty when signatures are not validated
 * @param limits when the bridge ends a call itself
 * @param apology μ-law 8 kHz the caller hears when no OpenAI session can be had
 * @param journal where each call's transcript is journaled as it happens
 * @param keptTurns the newest turns a transcript keeps in memory (older ones are read back from the journal)
 */
public record CallSettings(String instanceId, Optional<Path> recordings, long recordingMaxBytes,
                           Optional<CallAuthenticator> callTokens, Limits limits, byte[] apology, CallJournal journal,
                           int keptTurns) {
    /**
     * (A call's maximum length is its profile's: {@link CallProfile#maxLength}.)
     *
     * @param idleTimeout a call is ended when neither side has spoken for this long
     * @param answerDeadline a call whose first OpenAI session has not answered by then gets the apology, however
     *                       many connect attempts are left (a connect that hangs would otherwise keep the caller in
     *                       silence for attempts × connect timeout)
     */
    public record Limits(Duration idleTimeout, Duration answerDeadline) {
        public Limits {
            if (!idleTimeout.isPositive() || !answerDeadline.isPositive()) {
                throw new IllegalArgumentException("call limits must be positive: " + idleTimeout + ", " + answerDeadline);
            }
        }
    }

    public CallSettings {
        Objects.requireNonNull(callTokens);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(journal);
        if (keptTurns < 1) {
            throw new IllegalArgumentException("a call keeps at least its newest turn in memory, not " + keptTurns);
        }
        if (apology.length == 0) {
            throw new IllegalArgumentException("the apology audio is empty");
        }
        apology = apology.clone();
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(recordings);
    }

    @Override
    public byte[] apology() {
        return apology.clone();
    }
}
