/**
 * Contract tests that every provider module extends from its test sources: one per stage interface
 * ({@link dev.echollama.testkit.contract.DetectorContract}, {@link dev.echollama.testkit.contract.DepthEstimatorContract},
 * {@link dev.echollama.testkit.contract.CaptionerContract},
 * {@link dev.echollama.testkit.contract.SceneLanguageModelContract},
 * {@link dev.echollama.testkit.contract.SpeechSynthesizerContract},
 * {@link dev.echollama.testkit.contract.TranscriberContract}) and one for providers
 * ({@link dev.echollama.testkit.contract.ProviderContract}). Each stage contract checks that concurrent calls from
 * 8 threads give the serial result, that close() is idempotent, that use after close throws
 * {@link java.lang.IllegalStateException}, that bad input gives {@link dev.echollama.BadInputException} and that
 * null input is refused clearly.
 */
package dev.echollama.testkit.contract;
