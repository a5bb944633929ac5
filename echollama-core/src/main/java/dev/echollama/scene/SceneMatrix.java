package dev.echollama.scene;

import dev.echollama.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's "object detection matrix": a grid of {@code rows × columns} cells over the image, rows top to
 * bottom and columns left to right, each holding the objects whose box centre falls in it, best score first.
 * Immutable and thread-safe.
 */
public final class SceneMatrix {
    private final int rows;
    private final int columns;
    private final List<List<List<SceneObject>>> cells;

    private SceneMatrix(int rows, int columns, List<List<List<SceneObject>>> cells) {
        this.rows = rows;
        this.columns = columns;
        this.cells = cells;
    }

    /**
     * Wraps cells given row by row; every row must have {@code columns} cells. The lists are copied.
     */
    public static SceneMatrix of(int rows, int columns, List<List<List<SceneObject>>> cells) {
        if (rows <= 0 || columns <= 0) {
            throw new BadInputException("grid must have at least one row and one column, got " + rows + "x" + columns);
        }
        if (cells == null || cells.size() != rows) {
            throw new BadInputException("expected " + rows + " rows, got " + (cells == null ? "null" : cells.size()));
        }
        List<List<List<SceneObject>>> copy = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<List<SceneObject>> row = cells.get(r);
            if (row == null || row.size() != columns) {
                throw new BadInputException("row " + r + ": expected " + columns + " cells, got "
                        + (row == null ? "null" : row.size()));
            }
            List<List<SceneObject>> rowCopy = new ArrayList<>(columns);
            for (List<SceneObject> cell : row) {
                rowCopy.add(List.copyOf(cell));
            }
            copy.add(List.copyOf(rowCopy));
        }
        return new SceneMatrix(rows, columns, List.copyOf(copy));
    }

    /** A grid with no objects. */
    public static SceneMatrix empty(int rows, int columns) {
        List<List<List<SceneObject>>> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<List<SceneObject>> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                row.add(List.of());
            }
            cells.add(row);
        }
        return of(rows, columns, cells);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** The objects of one cell, best score first. */
    public List<SceneObject> cell(int row, int column) {
        return cells.get(row).get(column);
    }

    /** All cells, row by row (unmodifiable). */
    public List<List<List<SceneObject>>> cells() {
        return cells;
    }

    /** Every object, row by row, cell by cell. */
    public List<SceneObject> objects() {
        List<SceneObject> out = new ArrayList<>();
        for (List<List<SceneObject>> row : cells) {
            for (List<SceneObject> cell : row) {
                out.addAll(cell);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        for (List<List<SceneObject>> row : cells) {
            for (List<SceneObject> cell : row) {
                if (!cell.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SceneMatrix m && m.rows == rows && m.columns == columns && m.cells.equals(cells);
    }

    @Override
    public int hashCode() {
        return cells.hashCode();
    }

    @Override
    public String toString() {
        return "SceneMatrix" + cells;
    }
}
