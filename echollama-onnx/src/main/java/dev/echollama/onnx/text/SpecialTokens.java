package dev.echollama.onnx.text;

import java.util.OptionalLong;

/**
 * The special tokens a tokenizer defines. Each component is {@code null} when the tokenizer has no such token;
 * the {@code *Id()} methods are the null-safe way to read them.
 *
 * @param bos beginning of sequence ({@code <|begin_of_text|>}, {@code <s>}), or null
 * @param eos end of sequence as the tokenizer config names it (Llama 3 Instruct: {@code <|eot_id|>}; models may
 *            stop on more ids, see their generation config), or null
 * @param pad padding, or null
 * @param unk unknown, or null
 */
public record SpecialTokens(Token bos, Token eos, Token pad, Token unk) {

    /** A vocabulary entry and its id. */
    public record Token(String text, long id) {
    }

    public OptionalLong bosId() {
        return bos == null ? OptionalLong.empty() : OptionalLong.of(bos.id());
    }

    public OptionalLong eosId() {
        return eos == null ? OptionalLong.empty() : OptionalLong.of(eos.id());
    }

    public OptionalLong padId() {
        return pad == null ? OptionalLong.empty() : OptionalLong.of(pad.id());
    }

    public OptionalLong unkId() {
        return unk == null ? OptionalLong.empty() : OptionalLong.of(unk.id());
    }
}
