/// A place in a config file: file path as given, 1-based line and column.
public struct ConfigLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The file's path, as the user gave it (or as resolved from an `extends`).
  public var file: String
  /// Line, from 1.
  public var line: Int
  /// Column, from 1 (counted in Unicode scalars).
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`.
  public var description: String { "\(file):\(line):\(column)" }

  /// The file name without its folder, e.g. `paper-2024.yaml`.
  public var fileName: String { file.split(separator: "/").last.map(String.init) ?? file }
}

/// One problem in a config file: where, which key, what is wrong and, when known, what was meant.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
  /// Where the problem is.
  public var location: ConfigLocation
  /// The dotted key path, e.g. `power.electricity_tariff_cny_per_kwh` (empty for the whole file).
  public var keyPath: String
  /// What is wrong, and what to do about it.
  public var message: String

  /// Creates a diagnostic.
  public init(location: ConfigLocation, keyPath: String, message: String) {
    self.location = location
    self.keyPath = keyPath
    self.message = message
  }

  /// `file:line:column: error: key.path: message` — the form editors and terminals link. Always
  /// one line: a control or bidirectional character quoted from a file shows as `\u{…}`.
  public var description: String {
    SafeText.visible("\(location): error: " + (keyPath.isEmpty ? "" : "\(keyPath): ") + message)
  }
}

/// Every problem found in a set of config files, thrown once (exit status 78).
public struct ConfigError: UserFacingError, Equatable {
  /// The problems, in file order.
  public var diagnostics: [ConfigDiagnostic]

  /// Wraps the problems found.
  public init(diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }

  /// Configuration problems exit with sysexits' `EX_CONFIG`.
  public var exitStatus: SysExit { .config }

  /// One line per problem, then a count.
  public var description: String {
    let count = diagnostics.count
    return
      (diagnostics.map(\.description) + [
        "\(count) problem\(count == 1 ? "" : "s") found; nothing was written."
      ])
      .joined(separator: "\n")
  }
}

/// Collects diagnostics while a file is read, so all problems are reported at once.
public final class DiagnosticCollector {
  /// The problems so far, in the order found.
  public private(set) var diagnostics: [ConfigDiagnostic] = []

  /// An empty collector.
  public init() {}

  /// Records one problem.
  public func error(_ message: String, at location: ConfigLocation, keyPath: String) {
    diagnostics.append(ConfigDiagnostic(location: location, keyPath: keyPath, message: message))
  }

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
    throw ConfigError(diagnostics: sorted.map(\.element))
  }
}
