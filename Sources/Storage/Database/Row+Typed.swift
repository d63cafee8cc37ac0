/// Shorthands for the common column types; each throws on NULL. For a nullable column, ask
/// for an optional: `try row.value("note", as: String?.self)`, or use the `…OrNil` forms.
extension Row {
    /// The integer at `index`.
    public func int64(_ index: Int) throws -> Int64 { try value(index) }
    /// The integer in column `name`.
    public func int64(_ name: String) throws -> Int64 { try value(name) }
    /// The integer at `index`, or nil for NULL.
    public func int64OrNil(_ index: Int) throws -> Int64? { try value(index) }
    /// The integer in column `name`, or nil for NULL.
    public func int64OrNil(_ name: String) throws -> Int64? { try value(name) }

    /// The integer at `index`, as `Int`.
    public func int(_ index: Int) throws -> Int { try value(index) }
    /// The integer in column `name`, as `Int`.
    public func int(_ name: String) throws -> Int { try value(name) }
    /// The integer at `index` as `Int`, or nil for NULL.
    public func intOrNil(_ index: Int) throws -> Int? { try value(index) }
    /// The integer in column `name` as `Int`, or nil for NULL.
    public func intOrNil(_ name: String) throws -> Int? { try value(name) }

    /// The real at `index` (an integer is widened).
    public func double(_ index: Int) throws -> Double { try value(index) }
    /// The real in column `name` (an integer is widened).
    public func double(_ name: String) throws -> Double { try value(name) }
    /// The real at `index`, or nil for NULL.
    public func doubleOrNil(_ index: Int) throws -> Double? { try value(index) }
    /// The real in column `name`, or nil for NULL.
    public func doubleOrNil(_ name: String) throws -> Double? { try value(name) }

    /// The integer at `index` as a boolean (non-zero is true).
    public func bool(_ index: Int) throws -> Bool { try value(index) }
    /// The integer in column `name` as a boolean (non-zero is true).
    public func bool(_ name: String) throws -> Bool { try value(name) }
    /// The integer at `index` as a boolean, or nil for NULL.
    public func boolOrNil(_ index: Int) throws -> Bool? { try value(index) }
    /// The integer in column `name` as a boolean, or nil for NULL.
    public func boolOrNil(_ name: String) throws -> Bool? { try value(name) }

    /// The text at `index`.
    public func string(_ index: Int) throws -> String { try value(index) }
    /// The text in column `name`.
    public func string(_ name: String) throws -> String { try value(name) }
    /// The text at `index`, or nil for NULL.
    public func stringOrNil(_ index: Int) throws -> String? { try value(index) }
    /// The text in column `name`, or nil for NULL.
    public func stringOrNil(_ name: String) throws -> String? { try value(name) }

    /// The blob at `index`.
    public func blob(_ index: Int) throws -> [UInt8] { try value(index) }
    /// The blob in column `name`.
    public func blob(_ name: String) throws -> [UInt8] { try value(name) }
    /// The blob at `index`, or nil for NULL.
    public func blobOrNil(_ index: Int) throws -> [UInt8]? { try value(index) }
    /// The blob in column `name`, or nil for NULL.
    public func blobOrNil(_ name: String) throws -> [UInt8]? { try value(name) }
}
