package dev.echollama;

/** The stages an {@link EchoPipeline} may hold; each is optional. */
public enum Stage {
    /** Object detection ({@link dev.echollama.vision.Detector}). */
    DETECTION,
    /** Depth estimation ({@link dev.echollama.vision.DepthEstimator}); without it the matrix has no z. */
    DEPTH,
    /** Captioning ({@link dev.echollama.vision.Captioner}); without it the caption is empty. */
    CAPTION,
    /** The scene language model ({@link dev.echollama.language.SceneLanguageModel}); needed to describe or answer. */
    LANGUAGE,
    /** Speech synthesis ({@link dev.echollama.speech.SpeechSynthesizer}); without it narrations are text only. */
    SPEECH,
    /** Speech recognition ({@link dev.echollama.speech.Transcriber}); needed for spoken questions. */
    TRANSCRIPTION
}
