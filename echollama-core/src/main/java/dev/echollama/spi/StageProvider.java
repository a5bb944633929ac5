package dev.echollama.spi;

/**
 * A factory for one implementation of a pipeline stage, found through {@link java.util.ServiceLoader}. Each stage
 * has its own sub-interface (for example {@code DetectorProvider}); implementations are listed in
 * {@code META-INF/services/<that interface>} and need a public no-argument constructor that does no work.
 *
 * <p>Choice rule ({@link Providers#select}): an explicit name wins; otherwise the available provider with the
 * highest {@link #priority()}; an unknown name, two providers with one name, or none available is a
 * {@link dev.echollama.ProviderNotFoundException} that lists what was found and why each was unavailable.
 *
 * @param <S> the stage type it creates; the caller owns and closes what {@link #create} returns
 */
public interface StageProvider<S extends AutoCloseable> {

    /** Unique, stable, lower-case name such as {@code yolox} or {@code freetts}. */
    String name();

    /**
     * Higher wins when no name is given. Conventions: 100+ the paper's model, 50–99 a real model that runs
     * here, 10–49 embedded engines, 0–9 model-free fallbacks.
     */
    int priority();

    /** One line for listings: what it is and what it needs. */
    default String description() {
        return name();
    }

    /**
     * Whether {@link #create} would succeed with this config (model files present, native library loadable,
     * program installed). Must be cheap, must not load a model, and must never throw.
     */
    Availability availability(ProviderConfig config);

    /** Convenience for {@code availability(config).available()}. */
    default boolean isAvailable(ProviderConfig config) {
        return availability(config).available();
    }

    /**
     * Builds the stage. May load models (slow).
     *
     * @throws dev.echollama.ModelException when a model is missing or unusable
     */
    S create(ProviderConfig config);
}
