package dev.echollama;

/**
 * A stage that the pipeline runs without, and why (a sentence a person can act on, such as the provider
 * listing of {@link ProviderNotFoundException}, or {@code "disabled by the caller"}). A skipped stage is never
 * replaced by invented output: its result is simply absent.
 */
public record SkippedStage(Stage stage, String reason) {
    public SkippedStage {
        if (stage == null || reason == null || reason.isBlank()) {
            throw new BadInputException("a skipped stage needs a stage and a reason");
        }
    }
}
