package dev.echollama.spi;

import java.util.Objects;

/**
 * Whether a provider can run here, and if not, why (a sentence a person can act on: which artifact, model file
 * or program is missing and how to add it).
 */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability yes() {
        return new Availability(true, "available");
    }

    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
