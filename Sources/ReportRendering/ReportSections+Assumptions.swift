import Foundation
import HospitalEconomics

// MARK: - Sensitivity, assumptions and method

extension ReportSections {
  /// The tornado: each driver moved down and up, ranked by its effect on the yearly margin.
  /// - Parameters:
  ///   - results: each driver's margin at its low and high value.
  ///   - settings: how far the drivers were moved.
  ///   - label: a driver's label for people (``Wording/driverLabel(_:)`` for a plan).
  ///   - w: the words of the report's language.
  ///   - chartLimit: the most drivers the chart shows (the table shows all).
  /// - Returns: the section.
  public static func sensitivity(
    _ results: [SensitivityResult], settings: SensitivitySettings,
    label: (DriverDescriptor) -> String, _ w: Wording, chartLimit: Int = 12
  )
    -> ReportSection
  {
    typealias Say = SensitivityPhrase
    let rows = results.enumerated().map { index, r -> [String] in
      [
        String(index + 1), MarkdownText.escape(label(r.driver)), "`\(r.driver.id)`",
        "±" + NumberFormat.percent(r.swing),
        w.driverValue(r.lowValue, unit: r.driver.unit) + " / "
          + w.driverValue(r.baseValue, unit: r.driver.unit) + " / "
          + w.driverValue(r.highValue, unit: r.driver.unit)
          + (r.driver.unit.isEmpty ? "" : " " + w.unit(r.driver.unit)),
        w.money(r.lowEffectCNY), w.money(r.highEffectCNY),
      ]
    }
    // Bars show the size of the larger change, from zero; the label carries both signed changes.
    let charted = results.prefix(chartLimit)
    let unit = w.chartUnit(fitting: charted.map(\.magnitudeCNY))
    let chart = MermaidChart.bars(
      title: w(Say.chartTitle, ["unit": unit.name]),
      categories: charted.map {
        w(
          Say.bar,
          [
            "driver": label($0.driver), "down": unit.signed($0.lowEffectCNY),
            "up": unit.signed($0.highEffectCNY),
          ])
      },
      values: charted.map { $0.magnitudeCNY / unit.divisor }, valueAxis: unit.name, horizontal: true
    )
    let (down, up) = (w(Say.downColumn), w(Say.upColumn))
    return ReportSection(
      id: "sensitivity", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro, ["swing": NumberFormat.percent(settings.defaultSwing)])),
        .table(
          ReportTable(
            columns: [
              w(Say.rankColumn), w(Say.driverColumn), w(Say.idColumn), w(Say.swingColumn),
              w(Say.valuesColumn), down, up,
            ],
            rightAligned: [w(Say.rankColumn), down, up], rows: rows)),
        .paragraph(w(Say.chartIntro, ["count": String(charted.count), "unit": unit.name])),
        .mermaid(chart),
      ])
  }

  /// `sensitivity.csv`: one row per driver in rank order.
  public static func sensitivityCSV(_ results: [SensitivityResult]) -> CSVTable {
    CSVTable(
      fileName: "sensitivity.csv",
      header: [
        "rank", "driver", "unit", "swing", "low_value", "base_value", "high_value",
        "base_margin_cny",
        "margin_at_low_cny", "margin_at_high_cny", "margin_change_low_cny",
        "margin_change_high_cny",
      ],
      rows: results.enumerated().map { index, r in
        [
          String(index + 1), r.driver.id.rawValue, r.driver.unit,
          NumberFormat.plainTrimmed(r.swing),
          NumberFormat.driverCSVValue(r.lowValue), NumberFormat.driverCSVValue(r.baseValue),
          NumberFormat.driverCSVValue(r.highValue),
          NumberFormat.plain(r.baseMarginCNY, decimals: 2),
          NumberFormat.plain(r.marginAtLowCNY, decimals: 2),
          NumberFormat.plain(r.marginAtHighCNY, decimals: 2),
          NumberFormat.plain(r.lowEffectCNY, decimals: 2),
          NumberFormat.plain(r.highEffectCNY, decimals: 2),
        ]
      })
  }

  /// `paper_reproduction.csv`: each paper figure, computed value and deviation.
  public static func paperReproductionCSV(_ e: Economics) -> CSVTable {
    CSVTable(
      fileName: "paper_reproduction.csv",
      header: [
        "figure", "paper_table", "unit", "paper_value", "computed_value", "deviation",
        "deviation_share", "status", "note",
      ],
      rows: e.paperReproduction.map { f in
        [
          f.id, f.table, f.unit, NumberFormat.plainTrimmed(f.paperValue),
          NumberFormat.plainTrimmed(f.computedValue.rounded(scale: 6, mode: .plain)),
          NumberFormat.plainTrimmed(f.deviation.rounded(scale: 6, mode: .plain)),
          f.deviationShare.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) }
            ?? "", f.status, f.note,
        ]
      })
  }

  /// Every driver with its value, unit and where it came from; placeholders flagged.
  public static func assumptions(_ inputs: AttributedInputs, _ w: Wording) -> ReportSection {
    typealias Say = AssumptionsPhrase
    let rows = inputs.inputs.driverDescriptors.map { d -> [String] in
      let value = inputs.inputs.value(of: d.id).map { w.driverValue($0, unit: d.unit) } ?? ""
      let provenance = inputs.provenance[d.id]
      let kind: String =
        switch provenance {
        case .placeholder: w(Say.placeholder)
        case .assumption: w(Say.assumption)
        case .measured: w(Say.measured)
        case nil: w(Say.unknown)
        }
      return [
        "`\(d.id)`", MarkdownText.escape(w.driverLabel(d)), value, w.unit(d.unit), kind,
        provenance.map { MarkdownText.code($0.location) } ?? "",
      ]
    }
    let placeholders = inputs.placeholderDrivers.map { "`\($0)`" }.joined(separator: ", ")
    return ReportSection(
      id: "assumptions", title: w(Say.title),
      blocks: [
        .paragraph(
          w(Say.intro)
            + (placeholders.isEmpty ? "" : w(Say.placeholderList, ["list": placeholders]))),
        .table(assumptionsTable(rows, w)),
      ])
  }

  /// The table of drivers and where each value comes from, of a plan or a run: rows of id,
  /// label, value, unit, source and where it is set.
  static func assumptionsTable(_ rows: [[String]], _ w: Wording) -> ReportTable {
    typealias Say = AssumptionsPhrase
    let value = w(Say.valueColumn)
    return ReportTable(
      columns: [
        w(Say.driverColumn), w(Say.labelColumn), value, w(Say.unitColumn), w(Say.sourceColumn),
        w(Say.setInColumn),
      ],
      rightAligned: [value], rows: rows)
  }

  /// `assumptions.csv`: driver, value, unit, provenance kind and location.
  public static func assumptionsCSV(_ inputs: AttributedInputs) -> CSVTable {
    CSVTable(
      fileName: "assumptions.csv", header: ["driver", "value", "unit", "source", "set_in"],
      rows: inputs.inputs.driverDescriptors.map { d in
        let provenance = inputs.provenance[d.id]
        return [
          d.id.rawValue, inputs.inputs.value(of: d.id).map(NumberFormat.driverCSVValue) ?? "",
          d.unit,
          provenance?.kind ?? "unknown", provenance?.location ?? "",
        ]
      })
  }

  /// How to read the figures: units, rounding, what is annual.
  public static func method(_ w: Wording) -> ReportSection {
    ReportSection(
      id: "method", title: w(MethodPhrase.title),
      blocks: [
        .bullets([
          w(MethodPhrase.flows), w(MethodPhrase.units), w(MethodPhrase.totals), w(MethodPhrase.ids),
        ])
      ])
  }
}
