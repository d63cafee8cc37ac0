/// One-off statements on a PostgreSQL database outside any pool (tools, tests, benchmarks):
/// connects, runs, disconnects.
public enum PostgresAdmin {
    /// Runs `sql` (one or more `;`-separated statements, no parameters) at `url`; blocks.
    public static func execute(url: String, _ sql: String) throws {
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        try connection.script(sql)
    }

    /// `url` with its search path set to `schema`, so that everything a server creates and
    /// reads lives in that schema (libpq's `options` parameter).
    public static func url(_ url: String, searchPath schema: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
    }
}
