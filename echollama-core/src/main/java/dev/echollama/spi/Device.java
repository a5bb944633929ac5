package dev.echollama.spi;

import dev.echollama.BadInputException;
import java.util.Locale;

/**
 * Where a provider should run. A provider that cannot use the device asked for (no CUDA build, no GPU) falls back
 * to the CPU and logs one INFO line saying why; it never fails for that reason alone.
 *
 * @param kind  CPU or CUDA
 * @param index the GPU ordinal for CUDA, 0 for CPU
 */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) {
            throw new BadInputException("device kind is null");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new BadInputException("bad device index " + index + " for " + kind);
        }
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} (GPU 0) or {@code cuda:N}. */
    public static Device parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new BadInputException("device must be cpu, cuda or cuda:N, got '" + text + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
