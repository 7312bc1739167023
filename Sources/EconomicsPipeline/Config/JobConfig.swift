import Foundation

/// A job file (`Pipelines/<job>.yaml`): what `metahospital run` does for a period.
///
/// Paths of SQL files are relative to the project root (the working directory); the scenario
/// path is relative to the job file, as `extends` is in scenario files.
public struct JobConfig: Sendable, Equatable {
  /// The job's name; reports go to `Reports/<name>/<period>/` by default.
  public var name: String
  /// What the job is for, for people.
  public var description: String
  /// When cron runs it (five-field cron expression), documented here and checked for shape.
  public var schedule: String
  /// The period grain: month, quarter or year.
  public var grain: Period.Grain
  /// The hospital's time zone (IANA name): local days and months.
  public var timeZone: TimeZone
  /// The scenario whose assumptions fill what the data cannot tell, and the plan compared.
  public var scenarioPath: String
  /// The extraction query of each measure.
  public var extract: [Measures.Source: String]
  /// The data-quality check files.
  public var checkFiles: [String]
  /// Thresholds by check id; a check without one only reports.
  public var thresholds: [String: CheckThreshold]
  /// Which charge kinds are kept revenue, pass through at cost, or are excluded.
  public var revenue: RevenueClassification
  /// Lines that take the scenario's value when the period has no data for them.
  public var fallbacks: Set<FallbackLine>
  /// The output folder pattern: `{job}` and `{period}` are replaced.
  public var output: String
  /// The job file's path as given.
  public var path: String

  /// The output folder for a period.
  public func outputDirectory(for period: Period) -> String {
    output.replacingOccurrences(of: "{job}", with: name)
      .replacingOccurrences(of: "{period}", with: period.description)
  }

  // MARK: - Loading

  /// Reads and validates a job file. Every problem is reported at once, with file:line:column
  /// and key path, as a ``ConfigError`` (exit 78).
  public static func load(path: String) throws(ConfigError) -> JobConfig {
    let diagnostics = DiagnosticCollector()
    guard let (root, _) = ConfigFileLoader().load(path: path, diagnostics: diagnostics),
      let top = ConfigMapping(root, keyPath: "", diagnostics: diagnostics)
    else {
      try diagnostics.throwIfNeeded()
      throw ConfigError(diagnostics: [])
    }
    let name = top.string("name")
    if let name, name.range(of: "^[a-z0-9][a-z0-9._-]*$", options: .regularExpression) == nil {
      diagnostics.error(
        "must be lowercase letters, digits, '.', '_' or '-' (it names the report folder)",
        at: top.location(of: "name") ?? root.location, keyPath: "name")
    }
    let description = top.string("description", required: false) ?? ""
    let schedule = top.string("schedule")
    if let schedule, schedule.split(separator: " ").count != 5 {
      diagnostics.error(
        "must be a five-field cron expression (minute hour day month weekday), e.g. \"0 6 2 * *\"",
        at: top.location(of: "schedule") ?? root.location, keyPath: "schedule")
    }
    let grain = top.choice("grain", from: Period.Grain.allCases.map(\.rawValue))
      .flatMap(Period.Grain.init(rawValue:))
    let zoneName = top.string("time_zone")
    let zone = zoneName.flatMap(TimeZone.init(identifier:))
    if let zoneName, zone == nil {
      diagnostics.error(
        "unknown time zone `\(zoneName)`: use an IANA name such as Asia/Shanghai",
        at: top.location(of: "time_zone") ?? root.location, keyPath: "time_zone")
    }
    let scenario = top.string("scenario")
    let directory = (path as NSString).deletingLastPathComponent
    let scenarioPath = scenario.map {
      $0.hasPrefix("/") || directory.isEmpty ? $0 : directory + "/" + $0
    }
    if let scenarioPath, !FileManager.default.fileExists(atPath: scenarioPath) {
      diagnostics.error(
        "scenario file `\(scenarioPath)` not found; the path is relative to this job file",
        at: top.location(of: "scenario") ?? root.location, keyPath: "scenario")
    }

    var extract: [Measures.Source: String] = [:]
    if let map = top.mapping("extract") {
      for source in Measures.Source.allCases {
        if let file = map.string(source.rawValue) { extract[source] = file }
      }
      map.finish()
    }

    var checkFiles: [String] = []
    var thresholds: [String: CheckThreshold] = [:]
    if let checks = top.mapping("checks") {
      for item in checks.stringList("files") ?? [] { checkFiles.append(item.text) }
      if let limits = checks.mapping("thresholds", required: false) {
        for checkID in limits.presentKeys {
          guard let entry = limits.mapping(checkID) else { continue }
          let warn = limit(entry, "warn")
          let fail = limit(entry, "fail")
          entry.finish()
          thresholds[checkID] = CheckThreshold(warn: warn, fail: fail)
        }
      }
      checks.finish()
    }
    let revenue = readRevenue(top)
    let fallbacks = readFallbacks(top)
    let output = top.string("output", required: false) ?? "Reports/{job}/{period}"
    top.declare("$schema")
    top.finish()
    try diagnostics.throwIfNeeded()
    guard let name, let schedule, let grain, let zone, let scenarioPath else {
      throw ConfigError(diagnostics: diagnostics.diagnostics)
    }
    return JobConfig(
      name: name, description: description, schedule: schedule, grain: grain, timeZone: zone,
      scenarioPath: scenarioPath, extract: extract, checkFiles: checkFiles,
      thresholds: thresholds, revenue: revenue, fallbacks: fallbacks, output: output, path: path)
  }

  /// `revenue:` — `kept`, `pass_through` and `excluded` lists of charge kinds; every kind of the
  /// billing schema in exactly one of them.
  private static func readRevenue(_ top: ConfigMapping) -> RevenueClassification {
    guard let mapping = top.mapping("revenue") else { return .paper }
    var classes: [String: RevenueClassification.Class] = [:]
    for revenueClass in RevenueClassification.Class.allCases {
      let required = revenueClass != .excluded
      for item in mapping.stringList(revenueClass.rawValue, required: required) ?? [] {
        guard RevenueClassification.chargeKinds.contains(item.text) else {
          let hint =
            EditDistance.suggestion(for: item.text, among: RevenueClassification.chargeKinds)
            .map { "; did you mean `\($0)`?" } ?? ""
          mapping.diagnostics.error(
            "`\(item.text)` is not a charge kind (\(RevenueClassification.chargeKinds.joined(separator: ", ")))\(hint)",
            at: item.location, keyPath: mapping.path(revenueClass.rawValue))
          continue
        }
        if let earlier = classes[item.text] {
          mapping.diagnostics.error(
            "charge kind `\(item.text)` is already in `\(earlier.rawValue)`: a kind belongs to one class",
            at: item.location, keyPath: mapping.path(revenueClass.rawValue))
          continue
        }
        classes[item.text] = revenueClass
      }
    }
    let missing = RevenueClassification.chargeKinds.filter { classes[$0] == nil }
    if !missing.isEmpty {
      mapping.diagnostics.error(
        "charge kind\(missing.count == 1 ? "" : "s") \(missing.map { "`\($0)`" }.joined(separator: ", ")) "
          + "in no class: list every kind under `kept`, `pass_through` or `excluded`, so no billed amount is left out",
        at: mapping.node.location, keyPath: mapping.keyPath)
    }
    mapping.finish()
    return RevenueClassification(classes: classes)
  }

  /// `fallbacks:` — for each line that may take the scenario's value, `scenario` or `none`.
  private static func readFallbacks(_ top: ConfigMapping) -> Set<FallbackLine> {
    guard let mapping = top.mapping("fallbacks", required: false) else { return [] }
    var lines: Set<FallbackLine> = []
    for line in FallbackLine.allCases {
      if mapping.choice(line.rawValue, required: false, from: ["scenario", "none"]) == "scenario" {
        lines.insert(line)
      }
    }
    mapping.finish()
    return lines
  }

  /// A `warn` or `fail` limit: a whole number of rows, or a percentage written `"0.5%"`.
  private static func limit(_ entry: ConfigMapping, _ key: String) -> CheckLimit? {
    guard let node = entry.value(key, required: false) else { return nil }
    if case .scalar(let text, let tag) = node.value {
      if tag == .int, let rows = Int64(text.replacingOccurrences(of: "_", with: "")), rows >= 0 {
        return .rows(rows)
      }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.hasSuffix("%"),
        let percent = Decimal(
          string: String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces),
          locale: Locale(identifier: "en_US_POSIX")),
        percent >= 0, percent <= 100
      {
        return .percent(percent)
      }
    }
    entry.diagnostics.error(
      "expected a number of rows (e.g. 1) or a percentage of the rows examined (e.g. \"0.5%\")",
      at: node.location, keyPath: entry.path(key))
    return nil
  }
}
