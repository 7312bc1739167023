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
