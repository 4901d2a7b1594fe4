package io.taidon.sqlrunner.execution;

/**
 * One result column.
 *
 * @param name column label as the server reports it
 * @param type PostgreSQL type name ({@code pg_type.typname}: {@code int4}, {@code numeric}, {@code _text} for
 *        {@code text[]}, …)
 */
public record ColumnInfo(String name, String type) {
}
