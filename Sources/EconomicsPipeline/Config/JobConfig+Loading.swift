import Foundation
import PipelineModel
import ReportRendering

// MARK: - Loading

extension JobConfig {

  /// Reads and validates a job file, and the SQL files it names (relative to the project
  /// root): each must be one SELECT statement, each check file must declare its check ids, and
  /// each threshold must name a declared id. Every problem is reported at once, with
  /// file:line:column and key path, as a ``ConfigError`` (exit 78; 66 when the only problems
  /// are files that are missing or unreadable).
  /// - Parameters:
  ///   - path: the job file.
  ///   - root: the project root; nil (what the command line uses) finds it from the
  ///     job file: the nearest folder above it that holds `Pipelines/`.
  /// - Returns: the job.
  /// - Throws: `ConfigError` with every problem of the files.
  public static func load(path: String, root: URL? = nil) throws(ConfigError) -> JobConfig {
    let diagnostics = DiagnosticCollector()
    let project = root.map(ProjectRoot.init) ?? ProjectRoot.containing(file: path)
    guard
      let (root: tree, _) = ConfigFileLoader(project: project).load(
        path: path, diagnostics: diagnostics),
      let top = ConfigMapping(tree, keyPath: "", diagnostics: diagnostics)
    else {
      try diagnostics.throwIfNeeded()
      throw ConfigError(diagnostics: [])
    }
    guard let project else {
      diagnostics.error(
        "the job file \(ProjectRoot.notInProject(path)): \(ProjectRoot.ruleAdvice)",
        at: ConfigLocation(file: path, line: 1, column: 1), keyPath: "", missingInput: true)
      try diagnostics.throwIfNeeded()
      throw ConfigError(diagnostics: [])
    }
    let root = project.url
    let name = top.string("name")
    if let name, !isJobName(name) {
      diagnostics.error(
        "must be 1 to 64 lowercase letters (a–z), digits, '.', '_' or '-', starting with a letter or digit (it names the report folder)",
        at: top.location(of: "name") ?? tree.location, keyPath: "name")
    }
    let description = top.string("description", required: false, allowLineBreaks: true) ?? ""
    let schedule = readSchedule(top)
    let grain = top.choice("grain", from: Period.Grain.allCases.map(\.rawValue))
      .flatMap(Period.Grain.init(rawValue:))
    let zoneName = top.string("time_zone")
    let zone = zoneName.flatMap(TimeZone.init(identifier:))
    if let zoneName, zone == nil {
      diagnostics.error(
        "unknown time zone `\(zoneName)`: use an IANA name such as Asia/Shanghai",
        at: top.location(of: "time_zone") ?? tree.location, keyPath: "time_zone")
    }
    let scenarioPath = scenario(top, jobPath: path, project: project, diagnostics: diagnostics)

    var extract: [Measures.Source: String] = [:]
    if let map = top.mapping("extract") {
      for source in Measures.Source.allCases {
        guard let file = map.string(source.rawValue) else { continue }
        extract[source] = file
        _ = sqlFile(
          file, at: map.location(of: source.rawValue), keyPath: map.path(source.rawValue),
          isCheck: false, root: root, diagnostics: diagnostics)
      }
      map.finish()
    }

    var checkFiles: [String] = []
    var thresholds: [String: CheckThreshold] = [:]
    var defaultThreshold = builtInDefaultThreshold
    if let checks = top.mapping("checks") {
      // Which file declares each check id; nil when a file could not be read.
      var declared: [String: String]? = [:]
      var listed: [String: ConfigLocation] = [:]
      for (index, item) in (checks.stringList("files") ?? []).enumerated() {
        let keyPath = "\(checks.path("files"))[\(index)]"
        if let first = listed[item.text] {
          diagnostics.error(
            "`\(item.text)` is listed twice (first on line \(first.line)); list each check file once",
            at: item.location, keyPath: keyPath)
          continue
        }
        listed[item.text] = item.location
        checkFiles.append(item.text)
        guard
          let text = sqlFile(
            item.text, at: item.location, keyPath: keyPath, isCheck: true, root: root,
            diagnostics: diagnostics),
          let declaration = try? CheckDeclaration.parse(text).get()
        else {
          declared = nil
          continue
        }
        for id in declaration.ids {
          if let other = declared?[id] {
            diagnostics.error(
              "check id `\(id)` is declared by both `\(other)` and `\(item.text)`: give each check one file",
              at: item.location, keyPath: keyPath)
          }
          declared?[id] = item.text
        }
      }
      if let entry = checks.mapping("default", required: false) {
        defaultThreshold = threshold(entry) ?? defaultThreshold
      }
      if let limits = checks.mapping("thresholds", required: false) {
        for entry in limits.node.entries ?? [] {
          let checkID = entry.key
          if let declared, declared[checkID] == nil {
            let hint =
              EditDistance.suggestion(for: checkID, among: declared.keys.sorted()).map {
                "; did you mean `\($0)` (declared in \(declared[$0] ?? "?"))?"
              } ?? "; the ids are declared in each check file's `-- checks:` header"
            diagnostics.error(
              "no check file declares a check `\(SafeText.visible(checkID))`, so this threshold would judge nothing\(hint)",
              at: entry.keyLocation, keyPath: limits.path(SafeText.visible(checkID)))
            limits.declare(checkID)
            continue
          }
          guard let mapping = limits.mapping(checkID) else { continue }
          if let limit = threshold(mapping) { thresholds[checkID] = limit }
        }
      }
      checks.finish()
      for id in (declared ?? [:]).keys where thresholds[id] == nil {
        thresholds[id] = defaultThreshold
      }
    }
    let revenue = readRevenue(top)
    let fallbacks = readFallbacks(top)
    let language = top.choice(
      "language", required: false, from: ReportLanguage.allCases.map(\.rawValue)
    ).flatMap(ReportLanguage.init(rawValue:))
    let output = top.string("output", required: false) ?? "Reports/{job}/{period}"
    if let problem = ReportLocation.patternProblem(output) {
      diagnostics.error(
        problem, at: top.location(of: "output") ?? tree.location, keyPath: "output")
    }
    let metricsFile = top.string("metrics_file", required: false)
    if let metricsFile, let problem = MetricsFile.pathProblem(metricsFile) {
      diagnostics.error(
        problem, at: top.location(of: "metrics_file") ?? tree.location, keyPath: "metrics_file")
    }
    top.declare("$schema")
    top.finish()
    try diagnostics.throwIfNeeded()
    guard let name, let schedule, let grain, let zone, let scenarioPath else {
      throw ConfigError(diagnostics: diagnostics.diagnostics)
    }
    return JobConfig(
      name: name, description: description, schedule: schedule, grain: grain, timeZone: zone,
      scenarioPath: scenarioPath, extract: extract, checkFiles: checkFiles,
      thresholds: thresholds, defaultThreshold: defaultThreshold, revenue: revenue,
      fallbacks: fallbacks, output: output,
      metricsFile: metricsFile.map { $0.replacingOccurrences(of: "{job}", with: name) },
      path: path, project: project, language: language, warnings: diagnostics.warnings)
  }

  /// `schedule`: a cron expression, or `none`.
  private static func readSchedule(_ top: ConfigMapping) -> JobSchedule? {
    guard let text = top.string("schedule") else { return nil }
    if text == JobSchedule.noneKeyword { return JobSchedule.none }
    switch CronSchedule.parse(text) {
    case .success(let schedule): return .cron(schedule)
    case .failure(let problem):
      top.diagnostics.error(
        problem.message, at: top.location(of: "schedule") ?? top.node.location,
        keyPath: "schedule")
      return nil
    }
  }

  /// The scenario's path, relative to the project root; problems are blamed on the `scenario` key.
  private static func scenario(
    _ top: ConfigMapping, jobPath: String, project: ProjectRoot?,
    diagnostics: DiagnosticCollector
  ) -> String? {
    guard let scenario = top.string("scenario") else { return nil }
    let location = top.location(of: "scenario") ?? top.node.location
    guard !scenario.isEmpty else {
      diagnostics.error(
        "must name a scenario file, e.g. Pipelines/scenarios/paper-2024.yaml (relative to the project root)",
        at: location, keyPath: "scenario")
      return nil
    }
    guard let project else { return nil }  // reported once, for the whole file
    let scenarioPath = project.resolve(scenario)
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: scenarioPath, isDirectory: &isDirectory) {
      let besideJob = ((jobPath as NSString).deletingLastPathComponent as NSString)
        .appendingPathComponent(scenario)
      let hint =
        !scenario.hasPrefix("/") && FileManager.default.fileExists(atPath: besideJob)
        ? "; paths in a job file are relative to the project root, not to the job file: did you mean `\(project.relative(besideJob))`?"
        : "; the path is relative to the project root (\(project.path))"
      diagnostics.error(
        "scenario file `\(scenario)` not found\(hint)", at: location, keyPath: "scenario",
        missingInput: true)
      return nil
    }
    if isDirectory.boolValue {
      diagnostics.error(
        "`\(scenario)` is a folder, not a scenario file; name the .yaml file",
        at: location, keyPath: "scenario")
      return nil
    }
    return scenarioPath
  }

  /// Reads a job's SQL file and records its problems; its text, or nil when it cannot be read.
  private static func sqlFile(
    _ path: String, at location: ConfigLocation?, keyPath: String, isCheck: Bool, root: URL,
    diagnostics: DiagnosticCollector
  ) -> String? {
    let url = SQLFile.url(of: path, root: root)
    let text: String
    do {
      text = try BoundedFile.text(atPath: url.path, limit: SQLFile.maximumBytes).text
    } catch {
      diagnostics.error(
        error == .notFound
          ? "SQL file `\(path)` not found; SQL paths are relative to the project root (\(root.path))"
          : "SQL file `\(path)` \(error)",
        at: location ?? ConfigLocation(file: path, line: 1, column: 1), keyPath: keyPath,
        missingInput: error == .notFound || error == .notARegularFile || error.isUnreadable)
      return nil
    }
    for problem in SQLFile.diagnostics(for: text, path: path, keyPath: keyPath, isCheck: isCheck) {
      diagnostics.error(problem.message, at: problem.location, keyPath: problem.keyPath)
    }
    return text
  }

  /// A check's `warn` and `fail`; at least one of them must be given.
  private static func threshold(_ entry: ConfigMapping) -> CheckThreshold? {
    let warn = limit(entry, "warn")
    let fail = limit(entry, "fail")
    let given = entry.location(of: "warn") != nil || entry.location(of: "fail") != nil
    entry.finish()
    if !given {
      entry.diagnostics.error(
        "give `warn`, `fail` or both, e.g. { warn: 1, fail: \"1%\" }", at: entry.node.location,
        keyPath: entry.keyPath)
      return nil
    }
    if (entry.location(of: "warn") != nil && warn == nil)
      || (entry.location(of: "fail") != nil && fail == nil)
    {
      return nil
    }
    if let warn, let fail, let location = entry.location(of: "warn"), warn.neverBefore(fail) {
      entry.diagnostics.warning(
        "`warn: \(warn.csvValue)\(warn.isPercent ? "%" : "")` is at or above `fail: \(fail.csvValue)\(fail.isPercent ? "%" : "")`, so the check fails before it ever warns; lower `warn` below `fail`, or drop it",
        at: location, keyPath: entry.path("warn"))
    }
    return CheckThreshold(warn: warn, fail: fail)
  }

  /// `revenue:` — `kept`, `pass_through` and `excluded` lists of charge kinds; every kind of the
  /// billing schema in exactly one of them.
  private static func readRevenue(_ top: ConfigMapping) -> RevenueClassification {
    guard let mapping = top.mapping("revenue") else { return .paper }
    var classes: [ChargeKind: RevenueClassification.Class] = [:]
    let kinds = ChargeKind.allCases.map(\.rawValue)
    for revenueClass in RevenueClassification.Class.allCases {
      let required = revenueClass != .excluded
      for item in mapping.stringList(revenueClass.rawValue, required: required) ?? [] {
        guard let kind = ChargeKind(rawValue: item.text) else {
          let hint =
            EditDistance.suggestion(for: item.text, among: kinds)
            .map { "; did you mean `\($0)`?" } ?? ""
          mapping.diagnostics.error(
            "`\(item.text)` is not a charge kind (\(kinds.joined(separator: ", ")))\(hint)",
            at: item.location, keyPath: mapping.path(revenueClass.rawValue))
          continue
        }
        if let earlier = classes[kind] {
          mapping.diagnostics.error(
            "charge kind `\(item.text)` is already in `\(earlier.rawValue)`: a kind belongs to one class",
            at: item.location, keyPath: mapping.path(revenueClass.rawValue))
          continue
        }
        classes[kind] = revenueClass
      }
    }
    let missing = ChargeKind.allCases.filter { classes[$0] == nil }.map(\.rawValue)
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
      if tag == .int, let digits = NumberText.integer(text), let rows = Int64(digits), rows >= 0 {
        return .rows(rows)
      }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if tag == .str, trimmed.hasSuffix("%"),
        let number = NumberText.decimal(
          String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces)),
        let percent = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")),
        percent >= 0, percent <= 100
      {
        return .percent(percent)
      }
    }
    entry.diagnostics.error(
      "expected a number of rows (e.g. 1) or a percentage of the rows examined from 0% to 100% (e.g. \"0.5%\"), found \(node.kindDescription)",
      at: node.location, keyPath: entry.path(key))
    return nil
  }
}
