/// What both backends' errors can say, for the few adapters that must tell cases apart.
public enum DatabaseErrors {
    /// Whether `error` is a UNIQUE (or PRIMARY KEY) violation on either backend.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        switch error {
        case let error as SQLiteError: error.isConstraintUnique
        case let error as PostgresError: error.isUniqueViolation
        default: false
        }
    }
}
