import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - Provenance

extension RunReport {
  /// One row of `assumptions.csv`: a driver or assumption the run's figures rest on.
  struct ProvenanceRow {
    /// What the row is: a driver measured on data, an assumption of the scenario, a line the
    /// scenario filled in.
    enum Kind {
      case measured(DriverDescriptor, DriverValue)
      case assumption(ScalarDriver, DriverValue)
      case fallback(FallbackLine, amountCNY: Decimal)
    }
    /// Where the row's value comes from.
    enum Source {
      case data, scenario, placeholder, fallback

      /// As `assumptions.csv` writes it.
      var csv: String {
        switch self {
        case .data: "data"
        case .scenario: "scenario"
        case .placeholder: "scenario (placeholder)"
        case .fallback: FigureSource.fallback.rawValue
        }
      }

      /// For people.
      func text(_ w: Wording) -> String {
        switch self {
        case .data: w.source(.data)
        case .scenario: w.source(.scenario)
        case .placeholder: w(RunSourcePhrase.placeholder)
        case .fallback: w.source(.fallback)
        }
      }
    }

    var kind: Kind
    var id: String
    var csvValue: String
    var unit: String
    var source: Source
    var setIn: String

    /// The row's label for people.
    func label(_ w: Wording) -> String {
      switch kind {
      case .measured(let descriptor, _): w.runDriverLabel(descriptor)
      case .assumption(let driver, _):
        w.driverLabel(
          DriverDescriptor(
            id: driver.id, label: driver.labelAndUnit.label, unit: driver.labelAndUnit.unit,
            affectsMargin: driver.affectsMargin))
      case .fallback(let line, _): w(RunProvenancePhrase.fallback, ["line": w.line(line)])
      }
    }

    /// The row's value for people (an amount in the unit ``Wording/unit(_:)`` names).
    func value(_ w: Wording) -> String {
      switch kind {
      case .measured(_, let value), .assumption(_, let value): w.driverValue(value, unit: unit)
      case .fallback(_, let amount): w.money(amount)
      }
    }
  }

  /// The drivers measured on data, the scenario assumptions the run uses, and the fallbacks.
  static func provenanceRows(_ input: RunReportInput) -> [ProvenanceRow] {
    let actual = input.actual
    var rows: [ProvenanceRow] = []
    let files = input.subject.extract
    func file(_ s: Measures.Source) -> String { files[s] ?? "sql/extract/\(s.rawValue).sql" }
    let setIn: [DataDriver: String] = [
      .visits: file(.visits),
      .registrationFee: "\(file(.charges)), \(file(.visits))",
      .drugMarkupRate: file(.charges),
      .staffHeadcount: file(.staff),
      .costPerHead: "\(file(.payroll)), \(file(.staff))",
      .tariff: "\(file(.devices)), \(file(.tariffs))",
      .itNameplateEnergy: file(.devices),
      .otherServices: file(.contracts),
      .softwareAmortization: file(.capital),
      .modelAmortization: file(.capital),
      .hardwareDepreciation: file(.capital),
    ]
    let scenarioUsed: [ScalarDriver] = [
      .facilityFactor, .discountRate, .appraisalYears, .openDaysPerYear, .effectiveHoursPerDay,
      .offlineITInvestmentCNY, .offlineMedicalRevenueCNY, .offlineOutpatientVisits,
    ]
    let scenarioIDs = Set(scenarioUsed.map(\.id))
    let byID = Dictionary(
      DataDrivers.sensitivity.map { ($0.driver.figure.driverID, $0.driver) },
      uniquingKeysWith: { a, _ in a })
    for measured in actual.drivers where !scenarioIDs.contains(measured.descriptor.id) {
      rows.append(
        ProvenanceRow(
          kind: .measured(measured.descriptor, measured.value),
          id: measured.descriptor.id.rawValue,
          csvValue: NumberFormat.driverCSVValue(measured.value), unit: measured.descriptor.unit,
          source: .data, setIn: byID[measured.descriptor.id].flatMap { setIn[$0] } ?? ""))
    }
    let plan = input.subject.inputs
    for driver in scenarioUsed {
      guard let value = plan.inputs.value(of: driver.id) else { continue }
      let provenance = plan.provenance[driver.id]
      rows.append(
        ProvenanceRow(
          kind: .assumption(driver, value), id: driver.rawValue,
          csvValue: NumberFormat.driverCSVValue(value), unit: driver.labelAndUnit.unit,
          source: provenance?.kind == "placeholder" ? .placeholder : .scenario,
          setIn: provenance?.location ?? ""))
    }
    for (line, amount) in actual.ledger.fallbacksUsed {
      rows.append(
        ProvenanceRow(
          kind: .fallback(line, amountCNY: amount), id: "fallback_\(line.rawValue)_cny",
          csvValue: NumberFormat.plain(amount, decimals: 2), unit: "CNY", source: .fallback,
          setIn: "\(input.subject.jobPath): fallbacks.\(line.rawValue)"))
    }
    return rows
  }
}
