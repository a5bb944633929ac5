package dev.echollama.asr;

import edu.cmu.sphinx.linguist.dictionary.Pronunciation;
import edu.cmu.sphinx.linguist.lextree.LexTreeLinguist;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts the successors of every node of Sphinx's lexical tree into an order that is the same in every JVM.
 *
 * <p>Why: Sphinx builds the tree with a {@code HashMap} per node whose keys include {@link Pronunciation}s,
 * which have no {@code hashCode} of their own. Their identity hash codes, and so the order in which a node's word
 * successors are expanded, differ from one JVM to the next (they depend on how many identity hash codes the
 * thread drew before). The search breaks ties between equal scores by that order (the first of two equal tokens
 * keeps a state; the absolute beam and the per-word path limit cut equal scores by position), so the same audio
 * gave different words in different JVMs (and in two loads within one JVM). Sorting each successor list once,
 * after the tree is built, removes the dependence; Sphinx offers no setting for it, and the tree's classes are
 * package-private, hence reflection. Costs well under a second at load; the search itself is unchanged.
 */
final class SphinxLexTreeOrder {
    private SphinxLexTreeOrder() {
    }

    /** The number of successor lists reordered; -1 when this Sphinx build's tree cannot be reached. */
    static int apply(LexTreeLinguist linguist) {
        try {
            Class<?> wordNode = lexTreeClass("WordNode");
            Field pronunciation = field(wordNode, "pronunciation");
            int[] sorted = {0};
            boolean reached = visit(linguist, nodes -> {
                try {
                    if (sort(nodes, wordNode, pronunciation)) {
                        sorted[0]++;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
            return reached ? sorted[0] : -1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Hands every successor list of the tree (Sphinx's node objects, whose {@code toString} names their HMM,
     * unit or pronunciation) to {@code action}, once each, walking from the entry points; an action may reorder
     * the list in place before the walk goes on into it. False when the tree cannot be reached.
     */
    static boolean visit(LexTreeLinguist linguist, Consumer<Object[]> action) {
        try {
            Object tree = field(LexTreeLinguist.class, "hmmTree").get(linguist);
            if (tree == null) {
                return false;
            }
            Field successors = field(lexTreeClass("Node"), "successors");
            Class<?> entryPointClass = lexTreeClass("HMMTree$EntryPoint");
            Field baseNode = field(entryPointClass, "baseNode");
            Field byLeftContext = field(entryPointClass, "unitToEntryPointMap");

            Deque<Object> pending = new ArrayDeque<>();
            pending.add(field(tree.getClass(), "initialNode").get(tree));
            pending.add(field(tree.getClass(), "sentenceEndWordNode").get(tree));
            Object table = field(tree.getClass(), "entryPointTable").get(tree);
            // Keyed by Unit, whose hash code is its name: the same order in every JVM.
            Map<?, ?> entryPoints = (Map<?, ?>) field(table.getClass(), "entryPoints").get(table);
            for (Object ep : entryPoints.values()) {
                pending.add(baseNode.get(ep));
                pending.addAll(((Map<?, ?>) byLeftContext.get(ep)).values());
            }
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            while (!pending.isEmpty()) {
                Object node = pending.pop();
                if (node == null || !seen.add(node)) {
                    continue;
                }
                Object next = successors.get(node);
                if (next instanceof Object[] array) {
                    action.accept(array);
                    for (int i = array.length - 1; i >= 0; i--) {
                        pending.push(array[i]);
                    }
                } else if (next instanceof Map<?, ?> map) {
                    // not frozen: never expanded by the search as it stands, but its children may be
                    pending.addAll(map.values());
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Word nodes go after the other nodes, by spelling and phones, then by their place among the word's
     * pronunciations; the other nodes (keyed by HMM or unit, whose hash codes are stable) keep their order.
     */
    private static boolean sort(Object[] nodes, Class<?> wordNodeClass, Field pronunciation)
            throws IllegalAccessException {
        if (nodes.length < 2) {
            return false;
        }
        Map<Object, String> keys = new IdentityHashMap<>();
        for (Object n : nodes) {
            if (wordNodeClass.isInstance(n)) {
                keys.put(n, key((Pronunciation) pronunciation.get(n)));
            }
        }
        if (keys.isEmpty()) {
            return false;
        }
        Arrays.sort(nodes, (a, b) -> {
            String ka = keys.get(a);
            String kb = keys.get(b);
            if (ka == null || kb == null) {
                return ka == null ? (kb == null ? 0 : -1) : 1;
            }
            return ka.compareTo(kb);
        });
        return true;
    }

    private static String key(Pronunciation p) {
        int variant = 0;
        if (p.getWord() != null) {
            Pronunciation[] all = p.getWord().getPronunciations();
            while (variant < all.length && all[variant] != p) {
                variant++;
            }
        }
        return p + "#" + variant;
    }

    private static Class<?> lexTreeClass(String name) throws ClassNotFoundException {
        return Class.forName("edu.cmu.sphinx.linguist.lextree." + name, false, LexTreeLinguist.class.getClassLoader());
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
