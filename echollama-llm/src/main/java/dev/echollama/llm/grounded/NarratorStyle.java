package dev.echollama.llm.grounded;

import dev.echollama.BadInputException;
import dev.echollama.spi.ProviderConfig;
import java.util.Locale;

/**
 * How the narrator words places and distances, read from {@link ProviderConfig} options.
 *
 * @param directions    {@code sides}: "on the left", "at the top right"; {@code clock}: "at 11 o'clock"
 * @param distance      {@code near-far}: "nearby" / "at a middle distance" / "far away"; {@code steps}: "close by"
 *                      / "a few steps away" / "far away"; {@code off}: no distance words (nearest and farthest are
 *                      still named)
 * @param includeCaption whether the description opens with the caption
 */
record NarratorStyle(Directions directions, Distance distance, boolean includeCaption) {

    enum Directions { SIDES, CLOCK }

    enum Distance { NEAR_FAR, STEPS, OFF }

    static final String DIRECTIONS = "grounded.directions";
    static final String DISTANCE = "grounded.distance";
    static final String CAPTION = "grounded.caption";

    static final NarratorStyle DEFAULT = new NarratorStyle(Directions.SIDES, Distance.NEAR_FAR, true);

    static NarratorStyle from(ProviderConfig config) {
        Directions d = switch (config.option(DIRECTIONS).orElse("sides").trim().toLowerCase(Locale.ROOT)) {
            case "sides" -> Directions.SIDES;
            case "clock" -> Directions.CLOCK;
            default -> throw new BadInputException("option " + DIRECTIONS + " must be sides or clock, got '"
                    + config.option(DIRECTIONS).orElse("") + "'");
        };
        Distance z = switch (config.option(DISTANCE).orElse("near-far").trim().toLowerCase(Locale.ROOT)) {
            case "near-far" -> Distance.NEAR_FAR;
            case "steps" -> Distance.STEPS;
            case "off" -> Distance.OFF;
            default -> throw new BadInputException("option " + DISTANCE + " must be near-far, steps or off, got '"
                    + config.option(DISTANCE).orElse("") + "'");
        };
        boolean caption = switch (config.option(CAPTION).orElse("true").trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadInputException("option " + CAPTION + " must be true or false, got '"
                    + config.option(CAPTION).orElse("") + "'");
        };
        return new NarratorStyle(d, z, caption);
    }
}
