/// The engine's limits and timeouts (issue #2; `server.*` in the configuration).
public struct ServerLimits: Sendable {
    public init() {}

    var head = RequestParser.Limits()
    /// Body limit of routes that do not set their own.
    public var defaultBodyBytes = 1 << 20
    public var headerTimeoutMillis: Int64 = 10_000
    public var idleTimeoutMillis: Int64 = 60_000
    public var bodyTimeoutMillis: Int64 = 30_000
    /// A client that reads nothing of our responses for this long is dropped
    /// (`server.bodyTimeout`: a stall in either direction).
    public var writeTimeoutMillis: Int64 = 30_000
    var lingerMillis: Int64 = 2_000
    /// Unsent response bytes above which a connection stops parsing pipelined requests.
    var outputHighWater = 256 * 1024
}
