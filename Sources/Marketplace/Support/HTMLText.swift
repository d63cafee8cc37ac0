/// Text safe inside HTML elements and quoted attributes: the five characters HTML gives
/// meaning (`& < > " '`) as entities. One function for the mails' HTML parts and the
/// gateway sandboxes' pages.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
