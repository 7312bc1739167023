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

  /// How the full year is forecast, as a whole or for one line.
  public enum ForecastMethod: Sendable, Equatable {
    /// The year is complete: no forecast.
    case complete
    /// Every month of the year has begun but the year has not ended: nothing left to forecast,
    /// and the year to date will still change.
    case notEnded
    /// Each line by its own method (``Trend/lines``).
    case lineByLine
    /// The line's year to date × days in the year ÷ days to date.
    case runRate
    /// The line's year to date × last year's full year ÷ last year's same months.
    case lastYearsSeasonality(lastYear: Int)
    /// The latest month's amount for each month left (monthly amounts: payroll, amortization,
    /// depreciation), or its amount per day for each day left (electricity, contracts).
    case latestMonth(Period, perDay: Bool)
  }

  /// A line of the books as the forecast takes it: activity (visits and revenue) follows last
  /// year's seasons where last year has the data to give them, else its run rate; a cost goes on
  /// at the latest month's level, which a device bought or a contract signed during the year has
  /// already set.
  public enum ForecastLine: String, Sendable, CaseIterable {
    case visits, registrationRevenue, otherKeptRevenue, passThroughSales, passThroughMarkup
    case staffCost, electricity, meteredElectricity, otherServices
    case softwareAmortization, modelAmortization, hardwareDepreciation

    /// Whether the line is activity (seasonal), not a cost the hospital is committed to.
    public var isActivity: Bool {
      switch self {
      case .visits, .registrationRevenue, .otherKeptRevenue, .passThroughSales, .passThroughMarkup:
        true
      default: false
      }
    }

    /// Whether the line is charged by the month (the same in a short and a long month).
    public var isMonthlyAmount: Bool {
      switch self {
      case .staffCost, .softwareAmortization, .modelAmortization, .hardwareDepreciation: true
      default: false
      }
    }

    /// The line's amount in `f`.
    public func value(in f: Financials) -> Decimal {
      switch self {
      case .visits: f.visits
      case .registrationRevenue: f.registrationRevenueCNY
      case .otherKeptRevenue: f.otherKeptRevenueCNY
      case .passThroughSales: f.passThroughSalesCNY
      case .passThroughMarkup: f.passThroughMarkupCNY
      case .staffCost: f.staffCostCNY
      case .electricity: f.electricityCostCNY
      case .meteredElectricity: f.meteredElectricityCostCNY
      case .otherServices: f.otherServicesCNY
      case .softwareAmortization: f.softwareAmortizationCNY
      case .modelAmortization: f.modelAmortizationCNY
      case .hardwareDepreciation: f.hardwareDepreciationCNY
      }
    }

    /// Financials with each line's amount given by `amount`.
    static func financials(_ amount: (ForecastLine) -> Decimal) -> Financials {
      Financials(
        visits: amount(.visits), registrationRevenueCNY: amount(.registrationRevenue),
        otherKeptRevenueCNY: amount(.otherKeptRevenue),
        passThroughSalesCNY: amount(.passThroughSales),
        passThroughMarkupCNY: amount(.passThroughMarkup), staffCostCNY: amount(.staffCost),
        electricityCostCNY: amount(.electricity),
        meteredElectricityCostCNY: amount(.meteredElectricity),
        otherServicesCNY: amount(.otherServices),
        softwareAmortizationCNY: amount(.softwareAmortization),
        modelAmortizationCNY: amount(.modelAmortization),
        hardwareDepreciationCNY: amount(.hardwareDepreciation))
    }
  }

  /// One line's forecast: to date, the full year, and how.
  public struct LineForecast: Sendable, Equatable {
    /// The line.
    public var line: ForecastLine
    /// Its year to date.
    public var yearToDate: Decimal
    /// Its full year.
    public var forecast: Decimal
    /// How.
    public var method: ForecastMethod
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
  /// How it was forecast: complete, not ended, or line by line.
  public var method: ForecastMethod
  /// Each line's forecast and its method (empty when the year is complete or not ended).
  public var lines: [LineForecast]
  /// The plan's year.
  public var planYear: Financials

  /// Days to date.
  public var daysToDate: Int { months.map(\.ledger.fraction.days).reduce(0, +) }

  /// Builds the trend from the months' ledgers; `lastYear` holds last year's twelve months'
  /// ledgers when there was data then (for the seasonal forecast); `yearEnded` says whether the
  /// year's last day is past.
  package init(months: [Month], lastYear: [PeriodLedger]?, plan: Economics, yearEnded: Bool) {
    self.months = months
    let daysInYear = months.first?.ledger.fraction.daysInYear ?? 365
    self.daysInYear = daysInYear
    let ytd = Self.sum(months.map(\.money))
    yearToDate = ytd
    planYear = plan.financials
    let days = months.map(\.ledger.fraction.days).reduce(0, +)
    planToDate = plan.financials.scaled(by: Decimal(days) / Decimal(daysInYear))
    let last = lastYear.flatMap { year -> (Int, [Financials])? in
      guard year.count == 12, let first = year.first else { return nil }
      return (first.period.year, year.map(\.financials))
    }
    (forecast, method, lines) = Self.forecast(
      months: months.map { ($0.month, $0.ledger.fraction.days, $0.money) },
      daysInYear: daysInYear, yearEnded: yearEnded, lastYear: last)
  }

  /// The full year from the months to date (January first), line by line. A complete year is
  /// itself; a year whose months have all begun but which has not ended has nothing left to
  /// forecast. Otherwise an activity line (visits, revenue) follows last year's seasons — × last
  /// year's full year ÷ its same months — when last year had the line in each of its twelve
  /// months, and its run rate (× days in the year ÷ days to date) when not; a cost continues
  /// at the latest month's level: its amount for each month left (monthly amounts), or its
  /// amount per day for each day left.
  public static func forecast(
    months: [(month: Period, days: Int, money: Financials)], daysInYear: Int, yearEnded: Bool,
    lastYear: (year: Int, months: [Financials])?
  ) -> (Financials, ForecastMethod, [LineForecast]) {
    let ytd = sum(months.map(\.money))
    if months.count >= 12 { return (ytd, yearEnded ? .complete : .notEnded, []) }
    let daysToDate = months.map(\.days).reduce(0, +)
    guard let latest = months.last, daysToDate > 0 else { return (ytd, .complete, []) }
    let runRate = Decimal(daysInYear) / Decimal(daysToDate)
    let monthsLeft = Decimal(12 - months.count)
    let daysLeft = Decimal(daysInYear - daysToDate)
    var lines: [LineForecast] = []
    for line in ForecastLine.allCases {
      let toDate = line.value(in: ytd)
      let amount: Decimal
      let method: ForecastMethod
      if line.isActivity {
        let seasons = lastYear.flatMap { year -> (Int, Decimal, Decimal)? in
          let values = year.months.map { line.value(in: $0) }
          guard values.count == 12, values.allSatisfy({ $0 != 0 }) else { return nil }
          let same = values.prefix(months.count).reduce(0, +)
          return same != 0 ? (year.year, same, values.reduce(0, +)) : nil
        }
        if let (year, same, full) = seasons {
          (amount, method) = (toDate * full / same, .lastYearsSeasonality(lastYear: year))
        } else {
          (amount, method) = (toDate * runRate, .runRate)
        }
      } else {
        let latestAmount = line.value(in: latest.money)
        let rest =
          line.isMonthlyAmount
          ? latestAmount * monthsLeft : latestAmount * daysLeft / Decimal(latest.days)
        (amount, method) = (
          toDate + rest, .latestMonth(latest.month, perDay: !line.isMonthlyAmount)
        )
      }
      lines.append(LineForecast(line: line, yearToDate: toDate, forecast: amount, method: method))
    }
    let forecast = ForecastLine.financials { line in
      lines.first { $0.line == line }?.forecast ?? 0
    }
    return (forecast, .lineByLine, lines)
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
