package dev.echollama.cli.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echollama.BadInputException;
import dev.echollama.EchoException;

/**
 * One preference pair of the paper's §6.1 dataset: the scene prompt, the answer of the stronger model (chosen) and
 * of the base model (rejected), and where the prompt came from. Immutable; every component is non-null.
 *
 * @param system   the system prompt (the paper's, verbatim, unless the pipeline was given another)
 * @param prompt   the user turn: caption, matrix text and "Describe this place in detail."
 * @param chosen   the chosen model's reply
 * @param rejected the rejected model's reply
 * @param image    the image's path relative to the image folder, with {@code /} separators: the record's key
 * @param matrix   the scene matrix exactly as written into the prompt (with the standard formatter a JSON text)
 * @param caption  the caption written into the prompt (empty when captioning was skipped)
 */
public record DpoRecord(String system, String prompt, String chosen, String rejected, String image, String matrix,
                        String caption) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DpoRecord {
        if (system == null || prompt == null || chosen == null || rejected == null || image == null
                || matrix == null || caption == null) {
            throw new BadInputException("a DPO record needs system, prompt, chosen, rejected, image, matrix and "
                    + "caption, got a null one for image " + image);
        }
    }

    /** One JSON object on one line (no line break inside: JSON escapes them), without the final newline. */
    public String toJsonLine(DpoLayout layout) {
        ObjectNode root = JSON.createObjectNode();
        root.put("system", system);
        if (layout == DpoLayout.CONVERSATIONAL) {
            ArrayNode p = root.putArray("prompt");
            p.addObject().put("role", "system").put("content", system);
            p.addObject().put("role", "user").put("content", prompt);
            root.putArray("chosen").addObject().put("role", "assistant").put("content", chosen);
            root.putArray("rejected").addObject().put("role", "assistant").put("content", rejected);
        } else {
            root.put("prompt", prompt);
            root.put("chosen", chosen);
            root.put("rejected", rejected);
        }
        root.put("image", image);
        root.put("matrix", matrix);
        root.put("caption", caption);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new EchoException("cannot write the DPO record of " + image + " as JSON: " + e.getMessage(), e);
        }
    }
}
