package org.keyproject.common;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rows for a staging table of a set-based batch, sent to PostgreSQL with COPY (CSV) in batches as they
 * come, on the connection of the caller's transaction, so that a batch of many thousand rows costs a
 * few round trips. NULL is an empty field; text is always quoted, so an empty text stays empty.
 */
public final class CopyStaging {

    private final DataSource dataSource;
    private final String copy;
    private final int batchSize;
    private final StringBuilder buffer = new StringBuilder();
    private int buffered;

    /** Rows for the columns (comma-separated, in the order add gives the values) of a table, sent every batchSize rows. */
    public CopyStaging(DataSource dataSource, String table, String columns, int batchSize) {
        this.dataSource = dataSource;
        this.copy = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
        this.batchSize = batchSize;
    }

    /**
     * One row: null, String, Boolean, a number, an enum (its name), a LocalDate, or {@link #textArray}.
     */
    public void add(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append(',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            }
            String text = v instanceof BigDecimal b ? b.toPlainString() : v instanceof Enum<?> e ? e.name() : v.toString();
            if (v instanceof String || v instanceof TextArray) {
                buffer.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                buffer.append(text);
            }
        }
        buffer.append('\n');
        if (++buffered >= batchSize) {
            flush();
        }
    }

    /** Sends the rows still buffered; call before the batch reads its table. */
    public void flush() {
        if (buffered == 0) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(buffer.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("staging the batch failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        buffer.setLength(0);
        buffered = 0;
    }

    /** A text[] value: {"a","b"}. */
    public static Object textArray(Collection<String> values) {
        return new TextArray(values.stream().map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}")));
    }

    private record TextArray(String text) {
        @Override
        public String toString() {
            return text;
        }
    }
}
