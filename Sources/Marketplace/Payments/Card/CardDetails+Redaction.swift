// Card data must never reach a log line, an error message or a debugger dump in clear
// (docs/CARD_MESSAGE.md, "Rules"): every way Swift prints a value shows the masked number only.

extension CardDetails: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `CardDetails(number: 123456*******456, expiry: <redacted>, cvc: <redacted>, installmentMonths: 0)`.
    public var description: String {
        "CardDetails(number: \(MaskedCard.mask(number)), expiry: <redacted>, cvc: <redacted>, installmentMonths: \(installmentMonths))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }

    /// What `dump` and debuggers walk: the masked number, no expiry or CVC.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "number": MaskedCard.mask(number), "expiry": "<redacted>", "cvc": "<redacted>",
            "installmentMonths": installmentMonths,
        ], displayStyle: .struct)
    }
}
