/// Helpers the mail templates share: KRW amounts, HTML escaping, the HTML frame.
enum MailText {
    /// `12,000원` (ko) or `KRW 12,000` (en): integer KRW, grouped by thousands.
    static func won(_ amount: Int64, _ locale: MailLocale) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let sign = amount < 0 ? "-" : ""
        return locale == .ko ? "\(sign)\(grouped)원" : "\(sign)KRW \(grouped)"
    }

    /// Text safe inside HTML elements and quoted attributes (`HTMLText.escape`).
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A whole HTML document around `body` (already escaped), in `locale`'s language.
    static func page(title: String, body: String, locale: MailLocale) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(locale.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
        <body style="font-family: sans-serif; line-height: 1.5; color: #222;">
        \(body)
        <p style="color: #777; font-size: 12px;">\(locale == .ko ? "이 메일은 Marketplace가 보낸 거래 안내입니다." : "This is a transactional message from Marketplace.")</p>
        </body></html>

        """
    }
}

/// The verification-code mail (docs/API.md §2, §10).
public enum VerificationMail {
    /// Subject and body both tell the code; the body tells how long it lasts and how many
    /// wrong tries it allows (fewer than 5 when it inherited the tries of the code it replaced).
    public static func message(code: String, to address: EmailAddress, name: String, minutes: Int, tries: Int,
                               locale: MailLocale) -> MailMessage {
        switch locale {
        case .ko:
            let text = """
                \(name) 님, 안녕하세요.

                Marketplace 인증 코드는 \(code) 입니다.
                \(minutes)분 동안 유효하며 \(tries)번 시도할 수 있습니다.

                가입하지 않으셨다면 이 메일은 무시하셔도 됩니다.

                """
            let html = MailText.page(title: "Marketplace 인증 코드", body: """
                <p>\(MailText.escape(name)) 님, 안녕하세요.</p>
                <p>Marketplace 인증 코드는 <strong style="font-size: 20px;">\(code)</strong> 입니다.</p>
                <p>\(minutes)분 동안 유효하며 \(tries)번 시도할 수 있습니다.</p>
                <p>가입하지 않으셨다면 이 메일은 무시하셔도 됩니다.</p>
                """, locale: .ko)
            return MailMessage(to: address, subject: "Marketplace 인증 코드: \(code)", body: text, html: html,
                               kind: "verification", locale: .ko)
        case .en:
            let times = tries == 1 ? "time" : "times"
            let text = """
                Hello \(name),

                Your Marketplace verification code is \(code).
                It is valid for \(minutes) minutes and can be tried \(tries) \(times).

                If you did not sign up, you can ignore this message.

                """
            let html = MailText.page(title: "Your Marketplace verification code", body: """
                <p>Hello \(MailText.escape(name)),</p>
                <p>Your Marketplace verification code is <strong style="font-size: 20px;">\(code)</strong>.</p>
                <p>It is valid for \(minutes) minutes and can be tried \(tries) \(times).</p>
                <p>If you did not sign up, you can ignore this message.</p>
                """, locale: .en)
            return MailMessage(to: address, subject: "Your Marketplace verification code: \(code)", body: text, html: html,
                               kind: "verification", locale: .en)
        }
    }
}
