package io.gfsbackup.operations.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The one way the operations service's stores run a statement outside a transaction of their own: a connection from
 * the pool, the values bound in order, and an error that names what could not be read or written.
 */
public final class Sql {

    /** Reads what a query answered: a whole result, or one row. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private Sql() {
    }

    /** The query's whole result, as {@code reader} makes it of the rows; {@code what} names them in an error. */
    public static <T> T query(DataSource dataSource, String what, String sql, Reader<T> reader, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, values);
             ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("the " + what + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Each row of the query's result, as {@code row} makes it. */
    public static <T> List<T> list(DataSource dataSource, String what, String sql, Reader<T> row, Object... values) {
        return query(dataSource, what, sql, rows -> {
            List<T> list = new ArrayList<>();
            while (rows.next()) {
                list.add(row.read(rows));
            }
            return list;
        }, values);
    }

    /** Runs an insert, update or delete; returns how many rows it changed. */
    public static int update(DataSource dataSource, String what, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the " + what + " could not be written: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
