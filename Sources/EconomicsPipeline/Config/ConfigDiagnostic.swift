import PipelineModel

/// One problem in a config file: where, which key, what is wrong and, when known, what was meant.
/// An error stops the command; a warning is printed (`validate`) and logged (`run`, `plan`).
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
  /// How much it matters.
  public var severity: Severity = .error
  /// Where the problem is.
  public var location: ConfigLocation
  /// The dotted key path, e.g. `power.electricity_tariff_cny_per_kwh` (empty for the whole file).
  public var keyPath: String
  /// What is wrong, and what to do about it.
  public var message: String
  /// Whether the problem is a file that is missing or cannot be read (a job's SQL file, a
  /// scenario, a parent, the project itself) rather than what a file says.
  public var isMissingInput: Bool

  /// Creates a diagnostic.
  public init(
    location: ConfigLocation, keyPath: String, message: String, isMissingInput: Bool = false
  ) {
    self.location = location
    self.keyPath = keyPath
    self.message = message
    self.isMissingInput = isMissingInput
  }

  /// `file:line:column: error: key.path: message` — the form editors and terminals link. Always
  /// one line: a control or bidirectional character quoted from a file shows as `\u{…}`.
  public var description: String {
    SafeText.visible(
      "\(location): \(severity.rawValue): " + (keyPath.isEmpty ? "" : "\(keyPath): ") + message)
  }

  /// As the run's and the schedule's diagnostics are (text made safe to show).
  public var diagnostic: Diagnostic {
    Diagnostic(
      severity, .config, SafeText.visible(message), location: location,
      keyPath: SafeText.visible(keyPath))
  }
}

/// Every problem found in a set of config files, thrown once (exit status 78).
public struct ConfigError: UserFacingError, Equatable {
  /// The problems, in file order.
  public var diagnostics: [ConfigDiagnostic]
  /// Problems found but not listed (beyond ``DiagnosticCollector/limit`` in a file).
  public var omitted: Int

  /// Wraps the problems found.
  public init(diagnostics: [ConfigDiagnostic], omitted: Int = 0) {
    self.diagnostics = diagnostics
    self.omitted = omitted
  }

  /// `EX_NOINPUT` (66) when every problem is a file that is missing or cannot be read (the
  /// file is fine, it is not there), else `EX_CONFIG` (78): a file says something wrong.
  public var exitStatus: SysExit {
    !diagnostics.isEmpty && diagnostics.allSatisfy(\.isMissingInput) ? .noInput : .config
  }

  /// One line per problem, then a count.
  public var description: String {
    let count = diagnostics.count - (omitted > 0 ? 1 : 0) + omitted
    return
      (diagnostics.map(\.description) + [
        "\(count) problem\(count == 1 ? "" : "s") found; nothing was written."
      ])
      .joined(separator: "\n")
  }
}

/// Collects diagnostics while a file is read, so all problems are reported at once.
///
/// At most ``limit`` are kept: a file with thousands of problems (a pasted log, a line repeated
/// ten thousand times) gets its first ones and a count of the rest, quickly.
public final class DiagnosticCollector {
  /// The problems so far, in the order found.
  public private(set) var diagnostics: [ConfigDiagnostic] = []
  /// The most problems kept.
  public static let limit = 100
  /// Problems found beyond ``limit``, and where the first of them is.
  private var omitted: (count: Int, location: ConfigLocation)?

  /// An empty collector.
  public init() {}

  /// Whether further problems are only counted.
  public var isFull: Bool { diagnostics.count >= Self.limit }

  /// Records one problem; `missingInput` when it is a file that is missing or unreadable.
  public func error(
    _ message: String, at location: ConfigLocation, keyPath: String, missingInput: Bool = false
  ) {
    guard !isFull else {
      omitted = ((omitted?.count ?? 0) + 1, omitted?.location ?? location)
      return
    }
    diagnostics.append(
      ConfigDiagnostic(
        location: location, keyPath: keyPath, message: message, isMissingInput: missingInput))
  }

  /// Records something that is allowed but probably not meant: the file loads, and the
  /// warning is printed by `validate` and logged by the commands that read the file.
  public func warning(_ message: String, at location: ConfigLocation, keyPath: String) {
    var warning = ConfigDiagnostic(location: location, keyPath: keyPath, message: message)
    warning.severity = .warning
    warnings.append(warning)
  }

  /// The warnings so far, in the order found.
  public private(set) var warnings: [ConfigDiagnostic] = []

  /// Whether any problem was found.
  public var hasErrors: Bool { !diagnostics.isEmpty }

  /// Throws every problem found, sorted by file, line and column, if there is any.
  public func throwIfNeeded() throws(ConfigError) {
    guard hasErrors else { return }
    let sorted = diagnostics.enumerated().sorted { a, b in
      let (l, r) = (a.element.location, b.element.location)
      if l.file != r.file { return a.offset < b.offset }
      return (l.line, l.column, a.offset) < (r.line, r.column, b.offset)
    }
    var all = sorted.map(\.element)
    if let omitted {
      all.append(
        ConfigDiagnostic(
          location: omitted.location, keyPath: "",
          message:
            "\(omitted.count) more problem\(omitted.count == 1 ? "" : "s") not shown, the first here; fix the ones above and validate again"
        ))
    }
    throw ConfigError(diagnostics: all, omitted: omitted?.count ?? 0)
  }
}
