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
 * null input is refused clearly. The image stages' contracts also decode awkward files as an app would (a 1x1 PNG,
 * a grey PNG, a CMYK JPEG, 1000x1 and 1x1000 strips, a PNG whose header claims 20000x20000) and require a result
 * or a {@link dev.echollama.BadInputException} for each.
 */
package dev.echollama.testkit.contract;
