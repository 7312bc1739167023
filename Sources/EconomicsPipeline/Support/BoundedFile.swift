import Foundation
import PipelineModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an input file (a job, a scenario, an SQL file) only when it is a regular file of a
/// sensible size: a path that names `/dev/zero`, a FIFO or a folder would otherwise make the
/// tool read forever, block, or fail with a puzzling message.
enum BoundedFile {
  /// Why a file was not read.
  enum Problem: Error, Equatable, CustomStringConvertible {
    case notFound
    case notARegularFile
    case tooLarge(bytes: Int64, limit: Int)
    case unreadable(String)
    case notUTF8

    /// Whether the file is there but could not be opened or read (permissions, I/O).
    var isUnreadable: Bool {
      if case .unreadable = self { return true }
      return false
    }

    var description: String {
      switch self {
      case .notFound: "not found"
      case .notARegularFile: "is not a regular file"
      case .tooLarge(let bytes, let limit):
        "is \(bytes) bytes; at most \(limit / 1024) KiB is read"
      case .unreadable(let reason): "cannot be read (\(reason))"
      case .notUTF8: "cannot be read as UTF-8 text"
      }
    }
  }

  /// The file's bytes, following links, if it is a regular file of at most `limit` bytes.
  static func data(atPath path: String, limit: Int) throws(Problem) -> Data {
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw errno == ENOENT || errno == ENOTDIR
        ? .notFound : .unreadable(String(cString: strerror(errno)))
    }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
    guard Int64(status.st_size) <= Int64(limit) else {
      throw .tooLarge(bytes: Int64(status.st_size), limit: limit)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(String(cString: strerror(errno)))
    }
    defer { try? handle.close() }
    do {
      let data = try handle.read(upToCount: limit + 1) ?? Data()
      guard data.count <= limit else {
        throw Problem.tooLarge(bytes: Int64(data.count), limit: limit)
      }
      return data
    } catch let problem as Problem {
      throw problem
    } catch {
      throw .unreadable("\(error)")
    }
  }

  /// The file's text, as ``data(atPath:limit:)`` reads it, decoded as UTF-8.
  static func text(atPath path: String, limit: Int) throws(Problem) -> (text: String, data: Data) {
    let data = try data(atPath: path, limit: limit)
    guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
    return (text, data)
  }
}
