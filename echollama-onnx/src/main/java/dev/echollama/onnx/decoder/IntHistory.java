package dev.echollama.onnx.decoder;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntConsumer;

/** Growable {@link TokenHistory}; keeps the distinct ids incrementally so a repetition penalty costs O(distinct). */
final class IntHistory implements TokenHistory {
    private final int promptLength;
    private int[] ids;
    private int size;
    private final BitSet seen = new BitSet();
    private int[] distinct = new int[16];
    private int distinctCount;

    private IntHistory(int[] prompt) {
        this.promptLength = prompt.length;
        this.ids = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
        for (int id : prompt) {
            remember(id);
        }
        this.size = prompt.length;
    }

    static IntHistory of(int[] prompt) {
        return new IntHistory(prompt);
    }

    void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        remember(id);
    }

    private void remember(int id) {
        if (id >= 0 && !seen.get(id)) {
            seen.set(id);
            if (distinctCount == distinct.length) {
                distinct = Arrays.copyOf(distinct, distinctCount * 2);
            }
            distinct[distinctCount++] = id;
        }
    }

    int[] generated() {
        return Arrays.copyOfRange(ids, promptLength, size);
    }

    int[] prompt() {
        return Arrays.copyOf(ids, promptLength);
    }

    @Override
    public int promptLength() {
        return promptLength;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("history index " + index + " outside 0.." + (size - 1));
        }
        return ids[index];
    }

    @Override
    public void forEachDistinct(IntConsumer action) {
        for (int i = 0; i < distinctCount; i++) {
            action.accept(distinct[i]);
        }
    }
}
