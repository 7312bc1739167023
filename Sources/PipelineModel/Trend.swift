import Foundation
import HospitalEconomics

/// The year to date month by month, against the plan prorated, with a forecast of the full year:
/// what every run report shows beside its own period.
public struct Trend: Sendable {
  /// One month of the year to date.
  public struct Month: Sendable {
    /// The month.
    public var month: Period
    /// Its books (no fallbacks: what the data says).
    public var ledger: PeriodLedger
    /// The plan's year prorated to its days.
    public var plan: Financials
    /// The month's figures changed since a run reported them after it closed.
    public var restatement: Restatement?

    /// The month's money.
    public var money: Financials { ledger.financials }

    /// Creates a month of the trend.
    public init(month: Period, ledger: PeriodLedger, plan: Financials, restatement: Restatement?) {
      self.month = month
      self.ledger = ledger
      self.plan = plan
      self.restatement = restatement
    }
  }

  /// How the full year is forecast.
  public enum ForecastMethod: Sendable, Equatable {
    /// The year is complete: no forecast.
    case complete
    /// The year to date × days in the year ÷ days to date.
    case runRate
    /// The year to date × last year's full year ÷ last year's same months.
    case lastYearsSeasonality(lastYear: Int)
  }

  /// The months, January first.
  public var months: [Month]
  /// The year's days.
  public var daysInYear: Int
  /// The year to date: the months' money added.
  public var yearToDate: Financials
  /// The plan's year prorated to the year-to-date days.
  public var planToDate: Financials
  /// The full year forecast.
  public var forecast: Financials
  /// How it was forecast.
  public var method: ForecastMethod
  /// The plan's year.
  public var planYear: Financials

  /// Days to date.
  public var daysToDate: Int { months.map(\.ledger.fraction.days).reduce(0, +) }

  /// Builds the trend from the months' ledgers; `lastYear` holds last year's months' ledgers when
  /// there was data then (for the seasonal forecast).
  package init(months: [Month], lastYear: [PeriodLedger]?, plan: Economics) {
    self.months = months
    let daysInYear = months.first?.ledger.fraction.daysInYear ?? 365
    self.daysInYear = daysInYear
    let ytd = Self.sum(months.map(\.money))
    yearToDate = ytd
    planYear = plan.financials
    let days = months.map(\.ledger.fraction.days).reduce(0, +)
    planToDate = plan.financials.scaled(by: Decimal(days) / Decimal(daysInYear))
    let last = lastYear.flatMap { year -> (Int, Financials, Financials)? in
      guard year.count == 12, let first = year.first else { return nil }
      return (
        first.period.year, Self.sum(year.prefix(months.count).map(\.financials)),
        Self.sum(year.map(\.financials))
      )
    }
    (forecast, method) = Self.forecast(
      yearToDate: ytd, months: months.count, daysToDate: days, daysInYear: daysInYear,
      lastYear: last)
  }

  /// The full year from the year to date: itself when all twelve months are in; else each line
  /// × last year's full year ÷ last year's same months, when last year had data (a line last
  /// year's same months lack is run-rated); else the run rate, × days in the year ÷ days to date.
  public static func forecast(
    yearToDate ytd: Financials, months: Int, daysToDate: Int, daysInYear: Int,
    lastYear: (year: Int, sameMonths: Financials, full: Financials)?
  ) -> (Financials, ForecastMethod) {
    if months == 12 { return (ytd, .complete) }
    let runRate = daysToDate > 0 ? Decimal(daysInYear) / Decimal(daysToDate) : 1
    guard let lastYear else { return (ytd.scaled(by: runRate), .runRate) }
    func line(_ pick: (Financials) -> Decimal) -> Decimal {
      let base = pick(lastYear.sameMonths)
      return base != 0 ? pick(ytd) * pick(lastYear.full) / base : pick(ytd) * runRate
    }
    let forecast = Financials(
      visits: line(\.visits), registrationRevenueCNY: line(\.registrationRevenueCNY),
      otherKeptRevenueCNY: line(\.otherKeptRevenueCNY),
      passThroughSalesCNY: line(\.passThroughSalesCNY),
      passThroughMarkupCNY: line(\.passThroughMarkupCNY), staffCostCNY: line(\.staffCostCNY),
      electricityCostCNY: line(\.electricityCostCNY),
      meteredElectricityCostCNY: line(\.meteredElectricityCostCNY),
      otherServicesCNY: line(\.otherServicesCNY),
      softwareAmortizationCNY: line(\.softwareAmortizationCNY),
      modelAmortizationCNY: line(\.modelAmortizationCNY),
      hardwareDepreciationCNY: line(\.hardwareDepreciationCNY))
    return (forecast, .lastYearsSeasonality(lastYear: lastYear.year))
  }

  /// Money added line by line (the months' books are additive).
  static func sum(_ all: [Financials]) -> Financials {
    func total(_ line: (Financials) -> Decimal) -> Decimal { all.map(line).reduce(0, +) }
    return Financials(
      visits: total(\.visits), registrationRevenueCNY: total(\.registrationRevenueCNY),
      otherKeptRevenueCNY: total(\.otherKeptRevenueCNY),
      passThroughSalesCNY: total(\.passThroughSalesCNY),
      passThroughMarkupCNY: total(\.passThroughMarkupCNY), staffCostCNY: total(\.staffCostCNY),
      electricityCostCNY: total(\.electricityCostCNY),
      meteredElectricityCostCNY: total(\.meteredElectricityCostCNY),
      otherServicesCNY: total(\.otherServicesCNY),
      softwareAmortizationCNY: total(\.softwareAmortizationCNY),
      modelAmortizationCNY: total(\.modelAmortizationCNY),
      hardwareDepreciationCNY: total(\.hardwareDepreciationCNY))
  }
}

// MARK: - Restatements

/// A closed month whose figures changed since a run reported them after it closed.
public struct Restatement: Sendable, Equatable {
  /// One figure that moved.
  public struct Change: Sendable, Equatable {
    /// The figure's id (`effective_revenue_cny`).
    public var figure: String
    /// As reported before.
    public var previous: Decimal
    /// As the data says now.
    public var current: Decimal

    /// Creates a change.
    public init(figure: String, previous: Decimal, current: Decimal) {
      self.figure = figure
      self.previous = previous
      self.current = current
    }
  }

  /// The month.
  public var month: Period
  /// The run that reported it before, and when.
  public var previousRunID: String
  /// When that run recorded it.
  public var previousRecordedAt: Date
  /// Whether the job's, scenario's or SQL files changed since (else the data did).
  public var inputsChanged: Bool
  /// The figures that moved, in report order.
  public var changes: [Change]

  /// Creates a restatement.
  public init(
    month: Period, previousRunID: String, previousRecordedAt: Date, inputsChanged: Bool,
    changes: [Change]
  ) {
    self.month = month
    self.previousRunID = previousRunID
    self.previousRecordedAt = previousRecordedAt
    self.inputsChanged = inputsChanged
    self.changes = changes
  }
}

/// The figures of a month a run records and later compares: the ledger's lines, exact.
public enum MonthFigures {
  /// Stable ids and the ledger line each reads.
  package static let lines: [(id: String, value: @Sendable (PeriodLedger) -> Decimal)] = [
    (Figure.Month.virtualVisits.id, { Decimal($0.virtualVisits) }),
    (Figure.Month.registrationRevenue.id, \.registrationRevenueCNY),
    (Figure.Month.otherKeptRevenue.id, \.otherKeptRevenueCNY),
    (Figure.Month.drugSales.id, \.passThroughSalesCNY),
    (Figure.Month.drugMarkup.id, \.passThroughMarkupCNY),
    (Figure.Month.effectiveRevenue.id, { $0.financials.effectiveRevenueCNY }),
    (Figure.Month.staffCost.id, \.staffCostCNY),
    (Figure.Month.electricityCost.id, \.electricityCostCNY),
    (Figure.Month.otherServices.id, \.otherServicesCNY),
    (Figure.Month.softwareAmortization.id, \.softwareAmortizationCNY),
    (Figure.Month.modelAmortization.id, \.modelAmortizationCNY),
    (Figure.Month.hardwareDepreciation.id, \.hardwareDepreciationCNY),
    (Figure.Month.totalCost.id, { $0.financials.totalCostCNY }),
    (Figure.Month.margin.id, { $0.financials.marginCNY }),
    (Figure.Month.nameplateEnergy.id, \.nameplateKWh),
  ]

  /// The plan's figures recorded beside the month's books, for the reporting views
  /// (`reporting.month_figures`), and never compared: a changed plan is not a restatement.
  package static let planLines: [(id: String, value: @Sendable (Financials) -> Decimal)] = [
    (Figure.Month.planMargin.id, \.marginCNY)
  ]

  /// The figures as exact decimal text.
  package static func values(_ ledger: PeriodLedger) -> [String: String] {
    Dictionary(uniqueKeysWithValues: lines.map { ($0.id, "\($0.value(ledger))") })
  }

  /// The figures recorded for a month: its books, and the plan prorated to it.
  package static func values(_ ledger: PeriodLedger, plan: Financials) -> [String: String] {
    values(ledger).merging(planLines.map { ($0.id, "\($0.value(plan))") }) { books, _ in books }
  }

  /// The figures that moved since `previous`, in report order; empty when none did.
  package static func changes(_ ledger: PeriodLedger, since previous: [String: String])
    -> [Restatement
    .Change]
  {
    lines.compactMap { line in
      let current = line.value(ledger)
      guard let text = previous[line.id],
        let old = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), old != current
      else { return nil }
      return Restatement.Change(figure: line.id, previous: old, current: current)
    }
  }
}
