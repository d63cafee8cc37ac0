@testable import Marketplace
import Testing

struct CivilDateTests {
    @Test("every day from 1900 to 2200 matches a day-by-day count of the Gregorian calendar")
    func everyDay() {
        func daysIn(_ month: Int, _ year: Int) -> Int {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        }
        var date = CivilDate(year: 1900, month: 1, day: 1)
        let firstDay = -25_567   // 1900-01-01 is 25,567 days before the epoch
        for day in firstDay..<(firstDay + 110_000) {
            let seconds = Double(day) * 86_400
            #expect(CivilDate(unixSeconds: seconds) == date)
            #expect(CivilDate(unixSeconds: seconds + 86_399.999) == date)
            if date.day < daysIn(date.month, date.year) {
                date = CivilDate(year: date.year, month: date.month, day: date.day + 1)
            } else if date.month < 12 {
                date = CivilDate(year: date.year, month: date.month + 1, day: 1)
            } else {
                date = CivilDate(year: date.year + 1, month: 1, day: 1)
            }
        }
    }
}
