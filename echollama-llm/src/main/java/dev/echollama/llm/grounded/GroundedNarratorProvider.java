package dev.echollama.llm.grounded;

import dev.echollama.language.SceneLanguageModel;
import dev.echollama.language.SceneLanguageModelProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;

/**
 * The offline default scene language model: no model file, no network, always available (priority 5). It writes
 * a fixed-pattern description from the scene matrix and caption: counts in words, sides (left / centre / right,
 * top / bottom) from the matrix cells, near / far from z when the scene has depth, nearest and farthest objects,
 * and answers "how many", "where is", "is there", "what is on my left / right / in front / behind", "what is
 * nearest / farthest". It never names an object the scene does not hold, except to say it is not there ("I don't
 * see a cat."). Replies stream word by word and honour cancellation, the token limit (words) and stop strings.
 *
 * <p>Options ({@link ProviderConfig#option}):
 * <ul>
 *   <li>{@code grounded.directions} = {@code sides} (default: "on the left", "at the top right") or
 *       {@code clock} ("at 11 o'clock": left edge 9, centre 12, right edge 3, from the object's x)</li>
 *   <li>{@code grounded.distance} = {@code near-far} (default: "nearby" / "at a middle distance" / "far away"),
 *       {@code steps} ("close by" / "a few steps away" / "far away") or {@code off}; thirds of the scene's
 *       relative z</li>
 *   <li>{@code grounded.caption} = {@code true} (default) or {@code false}: open the description with the
 *       caption</li>
 * </ul>
 */
public final class GroundedNarratorProvider implements SceneLanguageModelProvider {

    public GroundedNarratorProvider() {
        // ServiceLoader needs it; does nothing
    }

    @Override
    public String name() {
        return "grounded";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String description() {
        return "grounded narrator: describes the scene matrix in fixed sentences; no model, never invents objects";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        return Availability.yes("no model needed");
    }

    /** @throws dev.echollama.BadInputException when an option has a value it does not know */
    @Override
    public SceneLanguageModel create(ProviderConfig config) {
        return new GroundedNarrator(NarratorStyle.from(config == null ? ProviderConfig.defaults() : config));
    }
}
