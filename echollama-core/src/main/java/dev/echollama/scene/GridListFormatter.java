package dev.echollama.scene;

import java.util.List;

/**
 * The default matrix text. The paper's figure of its matrix text is lost, so this format is ours: a nested list
 * in the shape of the grid, rows top to bottom, columns left to right, each cell a list of objects in cell
 * order, each object a JSON object with two-decimal numbers. {@code z} is left out when there was no depth map.
 *
 * <pre>
 * [[[], [], [{"object": "truck", "probability": 0.97, "x": 0.81, "y": 0.21, "z": 0.88}]],
 *  [[{"object": "dog", "probability": 0.99, "x": 0.29, "y": 0.72, "z": 0.05}], [], []]]
 * </pre>
 * (one line in practice: rows are joined by {@code ", "}). Numbers use {@code .} as the decimal separator
 * whatever the default locale, and are rounded half-up.
 */
public final class GridListFormatter implements MatrixFormatter {
    static final GridListFormatter INSTANCE = new GridListFormatter();

    private GridListFormatter() {
    }

    @Override
    public String format(SceneMatrix matrix) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append('[');
        for (int r = 0; r < matrix.rows(); r++) {
            if (r > 0) {
                sb.append(", ");
            }
            sb.append('[');
            for (int c = 0; c < matrix.columns(); c++) {
                if (c > 0) {
                    sb.append(", ");
                }
                appendCell(sb, matrix.cell(r, c));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static void appendCell(StringBuilder sb, List<SceneObject> cell) {
        sb.append('[');
        for (int i = 0; i < cell.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            SceneObject o = cell.get(i);
            sb.append("{\"object\": \"");
            appendEscaped(sb, o.label());
            sb.append("\", \"probability\": ");
            appendFixed2(sb, o.probability());
            sb.append(", \"x\": ");
            appendFixed2(sb, o.x());
            sb.append(", \"y\": ");
            appendFixed2(sb, o.y());
            if (o.z().isPresent()) {
                sb.append(", \"z\": ");
                appendFixed2(sb, o.z().getAsDouble());
            }
            sb.append('}');
        }
        sb.append(']');
    }

    /**
     * Two decimals, half-up, for values in [0, 1]; avoids String.format's locale and cost. The nudge makes a value
     * written as 0.775 round to 0.78 as a person expects, although its binary double is 0.77499999...
     */
    static void appendFixed2(StringBuilder sb, double v) {
        long hundredths = (long) Math.floor(v * 100 + 0.5 + 1e-9);
        sb.append(hundredths / 100).append('.');
        long frac = hundredths % 100;
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }

    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
    }
}
