package dev.echollama.spi;

import dev.echollama.ProviderNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds and chooses stage providers. Stateless; every call reloads {@link ServiceLoader} so that providers added
 * to the class path later are seen.
 */
public final class Providers {

    /** One provider found, with its availability under a config. */
    public record Status(String name, int priority, String description, Availability availability,
                         String className) {
    }

    private Providers() {
    }

    /** All providers of {@code type} on the class path of {@code type}'s class loader, in discovery order. */
    public static <P extends StageProvider<?>> List<P> load(Class<P> type) {
        List<P> out = new ArrayList<>();
        ServiceLoader<P> loader = ServiceLoader.load(type, classLoaderFor(type));
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A provider whose class cannot even be loaded (its native dependency missing, say) is not
                // selectable; the others still are.
                org.slf4j.LoggerFactory.getLogger(Providers.class)
                        .warn("skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
            }
        }
        return out;
    }

    private static ClassLoader classLoaderFor(Class<?> type) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : type.getClassLoader();
    }

    /** Every provider of {@code type} found, highest priority first, with its availability. Never throws. */
    public static <P extends StageProvider<?>> List<Status> list(Class<P> type, ProviderConfig config) {
        return statuses(load(type), config);
    }

    /** Chooses among the providers that {@link ServiceLoader} finds; see {@link #select(List, String, ProviderConfig, String)}. */
    public static <P extends StageProvider<?>> P select(Class<P> type, String name, ProviderConfig config) {
        return select(load(type), name, config, type.getSimpleName());
    }

    /**
     * The choice rule. {@code name} (may be null or blank) wins when given and it must then be available;
     * otherwise the available provider with the highest priority (ties go to the first found).
     *
     * @param stage a word for the messages, such as {@code DetectorProvider}
     * @throws ProviderNotFoundException for an unknown name, a name given by two providers, an unavailable named
     *                                   provider, or none available; the message lists every provider and why
     */
    public static <P extends StageProvider<?>> P select(List<P> candidates, String name, ProviderConfig config,
                                                         String stage) {
        Objects.requireNonNull(config, "config");
        Map<String, List<P>> byName = new LinkedHashMap<>();
        for (P p : candidates) {
            byName.computeIfAbsent(safeName(p), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<P>> e : byName.entrySet()) {
            if (e.getValue().size() > 1 && (name == null || name.isBlank() || e.getKey().equals(name))) {
                List<String> classes = e.getValue().stream().map(p -> p.getClass().getName()).toList();
                throw new ProviderNotFoundException("two " + stage + "s are both named '" + e.getKey() + "': "
                        + classes + "; remove one from the class path. Found: " + describe(candidates, config));
            }
        }
        if (name != null && !name.isBlank()) {
            List<P> named = byName.get(name);
            if (named == null) {
                throw new ProviderNotFoundException("no " + stage + " named '" + name + "'. Found: "
                        + describe(candidates, config));
            }
            P p = named.get(0);
            Availability a = safeAvailability(p, config);
            if (!a.available()) {
                throw new ProviderNotFoundException(stage + " '" + name + "' is not available: " + a.reason());
            }
            return p;
        }
        P best = null;
        int bestPriority = Integer.MIN_VALUE;
        for (P p : candidates) {
            if (safeAvailability(p, config).available() && safePriority(p) > bestPriority) {
                best = p;
                bestPriority = safePriority(p);
            }
        }
        if (best == null) {
            throw new ProviderNotFoundException("no " + stage + " is available. "
                    + (candidates.isEmpty() ? "None is on the class path; add a module that provides one "
                    + "(echollama-vision, echollama-llm, echollama-tts or echollama-asr)."
                    : "Found: " + describe(candidates, config)));
        }
        return best;
    }

    /** The statuses of given providers, highest priority first. Never throws. */
    public static List<Status> statusesFor(List<? extends StageProvider<?>> providers, ProviderConfig config) {
        return statuses(providers, config);
    }

    private static List<Status> statuses(List<? extends StageProvider<?>> providers, ProviderConfig config) {
        List<Status> out = new ArrayList<>();
        for (StageProvider<?> p : providers) {
            String description;
            try {
                description = p.description();
            } catch (RuntimeException e) {
                description = p.getClass().getName();
            }
            out.add(new Status(safeName(p), safePriority(p), description, safeAvailability(p, config),
                    p.getClass().getName()));
        }
        out.sort(Comparator.comparingInt(Status::priority).reversed());
        return out;
    }

    private static String describe(List<? extends StageProvider<?>> providers, ProviderConfig config) {
        if (providers.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (Status s : statuses(providers, config)) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(s.name()).append(" (priority ").append(s.priority()).append(", ")
                    .append(s.availability().available() ? "available" : "unavailable: " + s.availability().reason())
                    .append(')');
        }
        return sb.toString();
    }

    private static String safeName(StageProvider<?> p) {
        try {
            String n = p.name();
            return n == null ? p.getClass().getName() : n;
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    private static int safePriority(StageProvider<?> p) {
        try {
            return p.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static Availability safeAvailability(StageProvider<?> p, ProviderConfig config) {
        try {
            Availability a = p.availability(config);
            return a == null ? Availability.no("provider returned no availability") : a;
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("availability check failed: " + e);
        }
    }
}
