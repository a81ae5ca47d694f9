package org.keyproject.common;

import java.util.List;
import java.util.function.Function;

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

    public <R> PageResult<R> map(Function<T, R> f) {
        return new PageResult<>(items.stream().map(f).toList(), total, page, size);
    }
}
