import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Drives Warden through the unmodified Arrow Flight SQL JDBC driver, the way JDBC tools do,
 * and prints one "key=value" line per observation for tests/test_jdbc.py to check.
 *
 * <p>Usage: WardenJdbcCheck host port user password database new_database name
 */
public final class WardenJdbcCheck {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    String port = args[1];
    String database = args[4];
    String newDatabase = args[5];
    String name = args[6];
    Properties properties = new Properties();
    properties.setProperty("user", args[2]);
    properties.setProperty("password", args[3]);
    properties.setProperty("useEncryption", "false");
    String url = "jdbc:arrow-flight-sql://" + host + ":" + port;
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      DatabaseMetaData metadata = connection.getMetaData();
      System.out.println("product=" + metadata.getDatabaseProductName());

      List<String> tables = new ArrayList<>();
      try (ResultSet rs = metadata.getTables(null, database, "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + ":"
              + rs.getString("TABLE_TYPE"));
        }
      }
      System.out.println("tables=" + String.join(",", tables));

      List<String> columns = new ArrayList<>();
      try (ResultSet rs = metadata.getColumns(null, database, "customers", "%")) {
        while (rs.next()) columns.add(rs.getString("COLUMN_NAME"));
      }
      System.out.println("columns=" + String.join(",", columns));

      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(
              "SELECT count(*) AS n FROM " + database + ".customers")) {
        rs.next();
        System.out.println("count=" + rs.getLong("n"));
      }

      try (PreparedStatement prepared = connection.prepareStatement(
          "SELECT id, name FROM " + database + ".customers WHERE name = ?")) {
        prepared.setString(1, name);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = prepared.executeQuery()) {
          while (rs.next()) ids.add(Long.toString(rs.getLong("id")));
        }
        System.out.println("prepared_ids=" + String.join(",", ids));
      }

      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + newDatabase);
      }
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = metadata.getSchemas()) {
        while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
      }
      System.out.println("created=" + schemas.contains(newDatabase));

      try (Statement statement = connection.createStatement()) {
        statement.executeQuery("SELECT * FROM no_such_db.no_such_table");
        System.out.println("error=none");
      } catch (SQLException e) {
        System.out.println("error=" + e.getMessage().replace('\n', ' '));
      }
    }
  }
}
