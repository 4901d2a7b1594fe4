package io.taidon.embedded;

/**
 * What one service needs to reach its schema in the control plane.
 *
 * @param schema the schema the service owns, e.g. {@code idp}
 * @param jdbcUrl JDBC URL of the control-plane database
 * @param username the service's own role, {@code taidon_<schema>}
 * @param password that role's password
 */
public record ServiceDatabase(String schema, String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "ServiceDatabase[schema=" + this.schema + ", jdbcUrl=" + this.jdbcUrl + ", username=" + this.username
                + "]";
    }
}
