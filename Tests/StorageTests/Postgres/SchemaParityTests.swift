import Foundation
import Storage
import Testing

/// `SQLiteSchema` and `PostgresSchema` must build the same database: the repositories run one
/// SQL text on both. Both migration lists are applied to fresh databases and compared by
/// what the catalogs say — tables, their columns (names and nullability), and indexes (names,
/// uniqueness, columns) — so a migration added to one list only, or spelled differently,
/// fails here. Runs on the PostgreSQL half of `scripts/test.sh`.
@Suite("Schema parity: SQLite and PostgreSQL", .enabled(if: RepositoryDatabase.postgresURL != nil))
struct SchemaParityTests {
    struct Shape: Equatable {
        /// table → columns, each `name` or `name NOT NULL`.
        var tables: [String: [String]] = [:]
        /// index → `table(columns)` with a `UNIQUE ` prefix when unique.
        var indexes: [String: String] = [:]
    }

    @Test("the same migration names, in the same order")
    func sameMigrations() {
        #expect(SQLiteSchema.migrations.map(\.name) == PostgresSchema.migrations.map(\.name))
    }

    @Test("the same tables, columns and indexes")
    func sameShape() async throws {
        let sqlite = try await Self.sqliteShape()
        let postgres = try await Self.postgresShape()
        #expect(sqlite.tables.keys.sorted() == postgres.tables.keys.sorted())
        for (table, columns) in sqlite.tables {
            #expect(columns == postgres.tables[table], "columns of \(table)")
        }
        #expect(sqlite.indexes.keys.sorted() == postgres.indexes.keys.sorted())
        for (index, definition) in sqlite.indexes {
            #expect(definition == postgres.indexes[index], "index \(index)")
        }
    }

    static func sqliteShape() async throws -> Shape {
        let database = try Database(path: ":memory:", migrations: SQLiteSchema.migrations)
        defer { Task { await database.close() } }
        return try await database.read { connection in
            var shape = Shape()
            let tables = try connection.query("""
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
                """).map { try $0.string(0) }
            for table in tables {
                let columns = try connection.query("SELECT name, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", table)
                // A primary key column is NOT NULL in PostgreSQL whatever its declaration.
                shape.tables[table] = try columns.map { row in
                    try row.string(0) + (try row.int(1) == 1 || row.int(2) > 0 ? " NOT NULL" : "")
                }.sorted()
                // Explicit indexes only: SQLite's sqlite_autoindex_* (UNIQUE, PRIMARY KEY)
                // are constraints, like PostgreSQL's *_key and *_pkey.
                let indexes = try connection.query("""
                    SELECT name, "unique" FROM pragma_index_list(?) WHERE origin = 'c'
                    """, table)
                for index in indexes {
                    let name = try index.string(0)
                    let columns = try connection.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", name)
                        .map { try $0.string(0) }
                    shape.indexes[name] = (try index.int(1) == 1 ? "UNIQUE " : "") + "\(table)(\(columns.joined(separator: ",")))"
                }
            }
            return shape
        }
    }

    static func postgresShape() async throws -> Shape {
        let base = try #require(RepositoryDatabase.postgresURL)
        let schema = "p_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresAdmin.execute(url: base, "CREATE SCHEMA \(schema)")
        let database = try Database(postgres: PostgresAdmin.url(base, searchPath: schema), migrations: PostgresSchema.migrations,
                                    poolSize: 1)
        defer { Task { await database.close() } }
        return try await database.read { connection in
            var shape = Shape()
            let columns = try connection.query("""
                SELECT table_name, column_name, is_nullable FROM information_schema.columns
                WHERE table_schema = ? AND table_name <> 'schema_migrations'
                """, schema)
            for row in columns {
                shape.tables[try row.string(0), default: []].append(try row.string(1) + (try row.string(2) == "NO" ? " NOT NULL" : ""))
            }
            for table in shape.tables.keys { shape.tables[table]?.sort() }
            // Indexes that no constraint owns (PRIMARY KEY and UNIQUE constraints make their own).
            let indexes = try connection.query("""
                SELECT i.relname, t.relname, ix.indisunique,
                       array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
                                             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                                             ORDER BY k.n), ',')
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = ? AND t.relname <> 'schema_migrations'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
                """, schema)
            for row in indexes {
                shape.indexes[try row.string(0)] = (try row.int(2) == 1 ? "UNIQUE " : "") + "\(try row.string(1))(\(try row.string(3)))"
            }
            return shape
        }
    }
}
