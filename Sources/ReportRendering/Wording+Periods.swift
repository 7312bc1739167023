import Foundation
import PipelineModel

extension Wording {
  /// A period for people: `2026-10`, `2026-Q3`, `2026` in English; `2026年10月`,
  /// `2026年第3季度`, `2026年` in Chinese. Command lines and folder names keep
  /// ``Period/description``.
  public func period(_ period: Period) -> String {
    switch period.grain {
    case .month: month(year: period.year, month: period.firstMonth)
    case .quarter: quarter(year: period.year, quarter: (period.firstMonth - 1) / 3 + 1)
    case .year: year(period.year)
    }
  }

  /// A day for people: `2026-10-20`, `2026年10月20日`.
  public func day(_ date: LocalDate) -> String {
    day(year: date.year, month: date.month, day: date.day)
  }
}
