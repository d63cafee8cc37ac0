extension String {
    /// The text in Unicode Normalization Form C, so that a name typed in decomposed Hangul
    /// (ᄒ + ᅡ + ᆫ, as macOS and some Korean IMEs send it) is stored, and searched, as the
    /// composed syllable (한) that other clients type. The standard library's own NFC
    /// (`_nfcCodeUnits`, what `String` comparison uses; public in the Swift 6.3 interface,
    /// underscored) does the work: full canonical composition, Hangul's algorithmic
    /// composition (Unicode §3.12) included, with no ICU or Foundation. ASCII is already NFC.
    public var nfc: String {
        if utf8.allSatisfy({ $0 < 0x80 }) { return self }
        return String(decoding: _nfcCodeUnits, as: UTF8.self)
    }
}
