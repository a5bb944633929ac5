package dev.echollama.onnx;

import dev.echollama.BadInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A graph input or output: its name, element type(s), shape and whether the graph may leave it out.
 *
 * <p>The same record describes both sides of a {@link GraphSignature} check:
 * <ul>
 *   <li>what a session <em>declares</em> ({@link OnnxModel#inputs()}): exactly one type, the declared shape with
 *       {@link #DYNAMIC} for dynamic axes, and the axes' symbolic names ({@code "batch_size"}, or {@code ""} when
 *       the axis is fixed or unnamed);</li>
 *   <li>what a model module <em>expects</em>: one or more acceptable types (empty = any), a shape whose
 *       {@link #DYNAMIC} axes accept any size (or no shape at all = any rank), and {@link #optional()} for inputs
 *       that only some exports have ({@code position_ids}, {@code use_cache_branch}, ...).</li>
 * </ul>
 * Immutable; arrays are copied in and out.
 *
 * @param name     the graph's name for the value (for an index-bound signature, the name the SDK uses for it)
 * @param types    acceptable element types; empty = any
 * @param dims     shape, {@link #DYNAMIC} for a dynamic axis; {@code null} = any rank
 * @param dimNames symbolic axis names as declared by the graph (same length as {@code dims}); empty for expectations
 * @param optional whether the graph may lack this value
 */
public record TensorSpec(String name, Set<ElementType> types, long[] dims, List<String> dimNames, boolean optional) {

    /** A dynamic axis (symbolic or unknown size). */
    public static final long DYNAMIC = -1;

    public TensorSpec {
        if (name == null) {
            throw new BadInputException("tensor name is null");
        }
        types = types == null || types.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(ElementType.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(types));
        if (dims != null) {
            dims = dims.clone();
            for (long d : dims) {
                if (d < DYNAMIC) {
                    throw new BadInputException("tensor " + name + ": dimension " + d + " in " + Arrays.toString(dims)
                            + " (use " + DYNAMIC + " for a dynamic axis)");
                }
            }
        }
        dimNames = dimNames == null ? List.of() : List.copyOf(dimNames);
        if (!dimNames.isEmpty() && (dims == null || dimNames.size() != dims.length)) {
            throw new BadInputException("tensor " + name + ": " + dimNames.size() + " axis names for shape "
                    + (dims == null ? "of any rank" : Arrays.toString(dims)));
        }
    }

    /** Expects exactly {@code type} and this shape ({@link #DYNAMIC} = any size on that axis). */
    public static TensorSpec of(String name, ElementType type, long... dims) {
        return new TensorSpec(name, EnumSet.of(Objects.requireNonNull(type, "type")), dims, List.of(), false);
    }

    /** Expects one of {@code types} (for example float32 or float16 KV caches) and this shape. */
    public static TensorSpec anyOf(String name, Set<ElementType> types, long... dims) {
        return new TensorSpec(name, types, dims, List.of(), false);
    }

    /** Expects {@code type} with any shape of any rank. */
    public static TensorSpec anyShape(String name, ElementType type) {
        return new TensorSpec(name, EnumSet.of(Objects.requireNonNull(type, "type")), null, List.of(), false);
    }

    /** A copy that the graph may lack. */
    public TensorSpec asOptional() {
        return new TensorSpec(name, types, dims, dimNames, true);
    }

    /** The single element type; for a declared spec, the type the session reads or writes. */
    public ElementType type() {
        if (types.size() != 1) {
            throw new IllegalStateException("tensor " + name + " accepts " + typesText() + ", not one type");
        }
        return types.iterator().next();
    }

    /** The shape, {@link #DYNAMIC} for dynamic axes; {@code null} when any rank is accepted. */
    @Override
    public long[] dims() {
        return dims == null ? null : dims.clone();
    }

    /** Number of axes, or -1 when any rank is accepted. */
    public int rank() {
        return dims == null ? -1 : dims.length;
    }

    /** The size of {@code axis}, {@link #DYNAMIC} if it is dynamic. */
    public long dim(int axis) {
        if (dims == null || axis < 0 || axis >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " of " + this);
        }
        return dims[axis];
    }

    /** Whether every axis has a fixed size. */
    public boolean isFixed() {
        return dims != null && Arrays.stream(dims).allMatch(d -> d != DYNAMIC);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.types.equals(types)
                && Arrays.equals(t.dims, dims) && t.dimNames.equals(dimNames) && t.optional == optional;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, types, Arrays.hashCode(dims), dimNames, optional);
    }

    /** For example {@code images float32 [1, 3, 416, 416]} or {@code attention_mask int64 [batch_size, ?]}. */
    @Override
    public String toString() {
        return name + " " + typesText() + " " + shapeText() + (optional ? " (optional)" : "");
    }

    String typesText() {
        if (types.isEmpty()) {
            return "any type";
        }
        return types.stream().map(ElementType::toString).collect(Collectors.joining("|"));
    }

    /** {@code [1, 3, 416, 416]}; a dynamic axis shows its symbolic name if it has one, else {@code ?}. */
    String shapeText() {
        if (dims == null) {
            return "[any rank]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (dims[i] != DYNAMIC) {
                sb.append(dims[i]);
            } else {
                String n = dimNames.isEmpty() ? "" : dimNames.get(i);
                sb.append(n.isEmpty() ? "?" : n);
            }
        }
        return sb.append(']').toString();
    }
}
