package org.keyproject.common;

import java.util.List;

/** One page of a list and the total number of items the whole list holds. */
public record PageResult<T>(List<T> items, long total, int page, int size) {

    public int totalPages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return page + 1 < totalPages();
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
