import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces a whole output folder at once, so a reader (or a failed run) never sees half a report.
///
/// The files are written into a temporary folder beside the destination, which is then swapped in
/// with one rename. On Linux an existing destination is exchanged atomically with
/// `renameat2(RENAME_EXCHANGE)`; where that is unavailable the old folder is renamed aside first
/// and put back if the second rename fails. Any failure leaves the previous folder as it was.
public struct AtomicDirectoryWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// Writes `files` (name → contents) as the only content of `destination`.
  public func write(_ files: [(name: String, contents: String)], to destination: URL)
    throws(AtomicWriteError)
  {
    let fileManager = FileManager.default
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    let token = UUID().uuidString.prefix(8)
    let staging = parent.appendingPathComponent(".\(name).new-\(token)")
    do {
      try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      throw AtomicWriteError(
        path: parent.path, reason: "cannot create the folder (\(Self.reason(error)))")
    }
    do {
      for file in files {
        try Data(file.contents.utf8).write(to: staging.appendingPathComponent(file.name))
      }
      try swapIn(staging, as: destination, token: String(token))
    } catch {
      try? fileManager.removeItem(at: staging)
      if let error = error as? AtomicWriteError { throw error }
      throw AtomicWriteError(path: destination.path, reason: Self.reason(error))
    }
  }

  // MARK: - Swapping

  private func swapIn(_ staging: URL, as destination: URL, token: String) throws {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else {
      try checked(rename(staging.path, destination.path), destination)
      return
    }
    guard isDirectory.boolValue else {
      throw AtomicWriteError(path: destination.path, reason: "exists and is not a folder")
    }
    if Self.exchange(staging.path, destination.path) {
      // `staging` now holds the previous report.
      try? fileManager.removeItem(at: staging)
      return
    }
    let aside = destination.deletingLastPathComponent().appendingPathComponent(
      ".\(destination.lastPathComponent).old-\(token)")
    try checked(rename(destination.path, aside.path), destination)
    if rename(staging.path, destination.path) != 0 {
      let failure = String(cString: strerror(errno))
      _ = rename(aside.path, destination.path)
      throw AtomicWriteError(path: destination.path, reason: failure)
    }
    try? fileManager.removeItem(at: aside)
  }

  private func checked(_ status: Int32, _ destination: URL) throws {
    if status != 0 {
      throw AtomicWriteError(path: destination.path, reason: String(cString: strerror(errno)))
    }
  }

  /// Atomically exchanges two paths with Linux's `renameat2(RENAME_EXCHANGE)`; `false` when the
  /// call is unavailable (older kernels, other systems, some file systems).
  private static func exchange(_ first: String, _ second: String) -> Bool {
    #if os(Linux)
      typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
      let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE from <linux/fs.h>
      guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
    #else
      return false
    #endif
  }

  private static func reason(_ error: any Error) -> String {
    (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
  }
}

/// An output folder could not be written; the previous one, if any, is untouched.
public struct AtomicWriteError: Error, CustomStringConvertible, Sendable {
  /// The path that could not be written.
  public var path: String
  /// Why, from the system.
  public var reason: String

  /// What went wrong and where.
  public var description: String { "cannot write the report to \(path): \(reason)" }
}
