package dev.echollama.llm.grounded;

import dev.echollama.language.SceneContext;
import dev.echollama.scene.SceneMatrix;
import dev.echollama.scene.SceneObject;
import dev.echollama.scene.ScenePromptBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Hand-made 2x3 scenes for tests. */
final class Scenes {
    private Scenes() {
    }

    /** Objects as "label x y" or "label x y z" (numbers in [0, 1]); the cell comes from x and y. */
    static SceneContext scene(String caption, String... objects) {
        List<SceneObject> list = new ArrayList<>();
        for (String spec : objects) {
            String[] p = spec.split(" (?=[0-9.]+( |$))", 2);
            String[] nums = p[1].trim().split(" ");
            list.add(new SceneObject(p[0], 0.95, Double.parseDouble(nums[0]), Double.parseDouble(nums[1]),
                    nums.length > 2 ? OptionalDouble.of(Double.parseDouble(nums[2])) : OptionalDouble.empty()));
        }
        return of(caption, list);
    }

    static SceneContext of(String caption, List<SceneObject> objects) {
        List<List<List<SceneObject>>> cells = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            List<List<SceneObject>> row = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                row.add(new ArrayList<>());
            }
            cells.add(row);
        }
        for (SceneObject o : objects) {
            int c = Math.min(2, (int) Math.floor(o.x() * 3));
            int r = Math.min(1, (int) Math.floor(o.y() * 2));
            cells.get(r).get(c).add(o);
        }
        SceneMatrix m = SceneMatrix.of(2, 3, cells);
        return new SceneContext(m, caption, ScenePromptBuilder.paper().build(caption, m));
    }
}
