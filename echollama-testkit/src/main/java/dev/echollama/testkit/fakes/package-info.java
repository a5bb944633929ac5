/**
 * In-memory fakes of every pipeline stage, for tests of any module: deterministic, thread-safe, honouring the
 * stage contracts (close is idempotent, use after close throws {@link java.lang.IllegalStateException}, bad
 * input throws {@link dev.echollama.BadInputException}), with optional delays and recorded calls. They pass the
 * contract tests of {@link dev.echollama.testkit.contract}.
 */
package dev.echollama.testkit.fakes;
