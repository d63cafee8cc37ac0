import Testing
@testable import HTTPServer

/// The timeout state machine with plain millisecond times: no clock, no socket.
@Suite struct ConnectionTimeoutTests {
    static let limits: ServerLimits = {
        var limits = ServerLimits()
        limits.headerTimeoutMillis = 100
        limits.idleTimeoutMillis = 1_000
        limits.bodyTimeoutMillis = 300
        limits.writeTimeoutMillis = 400
        limits.lingerMillis = 50
        return limits
    }()

    @Test("a silent new connection closes when the header timeout passes, not a millisecond before")
    func firstByte() {
        let timeout = ConnectionTimeout.accepted(at: 1_000, Self.limits)
        #expect(timeout.kind == .firstByte)
        #expect(timeout.expiry(at: 1_099) == nil)
        #expect(timeout.expiry(at: 1_100) == .close)
    }

    @Test("a head's clock starts at its first byte and later bytes do not extend it (slow loris)")
    func headIsNotExtended() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.headBytesArrived(at: 40, Self.limits)
        timeout.headBytesArrived(at: 90, Self.limits)
        timeout.headBytesArrived(at: 139, Self.limits)
        #expect(timeout.expiry(at: 139) == nil)
        #expect(timeout.expiry(at: 140) == .refuse(.headerTimeout))
    }

    @Test("a body may stall for the body timeout after each piece; then 408")
    func bodyStall() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.headBytesArrived(at: 0, Self.limits)
        timeout.bodyProgressed(at: 10, Self.limits)
        timeout.bodyProgressed(at: 300, Self.limits)
        #expect(timeout.expiry(at: 599) == nil)
        #expect(timeout.expiry(at: 600) == .refuse(.bodyTimeout))
    }

    @Test("nothing expires while a handler runs")
    func handlerRuns() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.handlerStarted()
        #expect(timeout.expiry(at: .max - 1) == nil)
    }

    @Test("after a kept-alive response the connection idles; after a closing one no timer starts until a write blocks")
    func afterResponse() {
        var kept = ConnectionTimeout.accepted(at: 0, Self.limits)
        kept.handlerStarted()
        kept.responded(keepAlive: true, at: 50, Self.limits)
        #expect(kept.kind == .idle)
        #expect(kept.expiry(at: 1_049) == nil && kept.expiry(at: 1_050) == .close)
        // The next request's head starts the header clock from the idle state.
        kept.headBytesArrived(at: 60, Self.limits)
        #expect(kept.kind == .header && kept.deadline == 160)

        var closing = ConnectionTimeout.accepted(at: 0, Self.limits)
        closing.handlerStarted()
        closing.responded(keepAlive: false, at: 50, Self.limits)
        #expect(closing.kind == .none)
    }

    @Test("a blocked write is measured from the last progress: blocking again does not extend it, progress does")
    func writeStall() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.handlerStarted()
        timeout.responded(keepAlive: true, at: 0, Self.limits)
        timeout.writeBlocked(at: 100, Self.limits)
        timeout.writeBlocked(at: 300, Self.limits)
        #expect(timeout.deadline == 500)
        timeout.wrote(at: 450, Self.limits)
        #expect(timeout.deadline == 850)
        #expect(timeout.expiry(at: 850) == .close)
        timeout.outputDrained(at: 600, Self.limits)
        #expect(timeout.kind == .idle && timeout.deadline == 1_600)
    }

    @Test("progress and drained output touch only a running write timer")
    func writeEventsElsewhereAreNoOps() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.wrote(at: 10, Self.limits)
        timeout.outputDrained(at: 10, Self.limits)
        #expect(timeout == ConnectionTimeout.accepted(at: 0, Self.limits))
    }

    @Test("lingering closes after the linger time")
    func linger() {
        var timeout = ConnectionTimeout.accepted(at: 0, Self.limits)
        timeout.lingering(at: 500, Self.limits)
        #expect(timeout.expiry(at: 549) == nil && timeout.expiry(at: 550) == .close)
    }
}
