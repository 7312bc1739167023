import Foundation
import PipelineModel

/// One schema migration: a numbered SQL file `NNN_name.sql`, applied once, checksummed.
public struct Migration: Sendable, Hashable {
  /// The number that orders migrations (`7` for `007_add_tariffs.sql`).
  public let version: Int
  /// The file name without extension: `007_add_tariffs`. Shown in summaries.
  public let identifier: String
  /// The path used in messages: the migrations folder as given, plus the file name.
  public let path: String
  /// The file's SQL text.
  public let sql: String
  /// The SHA-256 of the file's bytes, 64 lowercase hex characters.
  public let checksum: String

  /// Creates a migration from its parts.
  public init(version: Int, identifier: String, path: String, sql: String, checksum: String) {
    self.version = version
    self.identifier = identifier
    self.path = path
    self.sql = sql
    self.checksum = checksum
  }

  /// Reads the `*.sql` files of a folder as migrations, sorted by number. Other files (a
  /// README, hidden files) are ignored.
  /// - Throws: `MigrationError` when the folder cannot be read, a `.sql` file is not named
  ///   `NNN_name.sql` (at least three digits, then letters, digits, `_` or `-`), or two files
  ///   share a number.
  public static func load(from directory: String) throws(MigrationError) -> [Migration] {
    if let problem = SafeText.problem(with: directory, as: "the migrations folder") {
      throw .unreadable(SafeText.visible(directory), reason: problem)
    }
    let folder = URL(fileURLWithPath: directory, isDirectory: true)
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw .folderNotFound(directory)
    }
    var migrations: [Migration] = []
    for name in names.sorted() where name.hasSuffix(".sql") && !name.hasPrefix(".") {
      let path = (directory as NSString).appendingPathComponent(name)
      guard let version = parseVersion(name) else { throw .invalidFileName(path) }
      let data: Data
      do {
        data = try Data(contentsOf: folder.appending(path: name))
      } catch {
        throw .unreadable(path, reason: error.localizedDescription)
      }
      guard let sql = String(data: data, encoding: .utf8) else {
        throw .unreadable(path, reason: "not valid UTF-8")
      }
      migrations.append(
        Migration(
          version: version, identifier: String(name.dropLast(4)), path: path, sql: sql,
          checksum: SHA256.hex(data)))
    }
    migrations.sort { $0.version < $1.version }
    for (earlier, later) in zip(migrations, migrations.dropFirst())
    where earlier.version == later.version {
      throw .duplicateVersion(earlier.version, [earlier.path, later.path])
    }
    return migrations
  }

  /// The number of `NNN_name.sql`, or nil when the name does not have that shape.
  static func parseVersion(_ fileName: String) -> Int? {
    guard fileName.hasSuffix(".sql") else { return nil }
    let stem = fileName.dropLast(4)
    guard let underscore = stem.firstIndex(of: "_") else { return nil }
    let digits = stem[..<underscore]
    let name = stem[stem.index(after: underscore)...]
    guard digits.count >= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), !name.isEmpty,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
    else { return nil }
    return Int(digits)
  }
}
