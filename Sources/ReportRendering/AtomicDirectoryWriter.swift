import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces a whole report folder at once, so a reader (or a failed run) never sees half a
/// report, and replaces only what it wrote.
///
/// The files are written into a temporary folder beside the destination, `.<name>.new-<token>`,
/// its ``ReportFolderMarker`` first, then swapped in with one rename. On Linux an existing
/// destination is exchanged atomically with `renameat2(RENAME_EXCHANGE)`; where that is
/// unavailable the old folder is renamed aside first and put back if the second rename fails.
/// Any failure leaves the previous folder as it was.
///
/// An existing destination is replaced only when it is empty, or when its marker names the same
/// report and it holds nothing but the files that marker lists; otherwise the write is refused
/// (``AtomicWriteError/isRefusal``) before anything is created. The previous report is deleted
/// file by file, from its marker's list, never recursively.
public struct AtomicDirectoryWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// What a write left behind.
  public struct Outcome: Sendable {
    /// A temporary folder holding the previous report that could not be deleted after the swap
    /// (the new report is in place); the next write to the same parent removes it.
    public var leftover: URL?
  }

  /// Writes `files` (name → contents) and `marker` as the only content of `destination`.
  ///
  /// `beforeSwap` is called once every file is written, just before the swap: when it throws
  /// (a run told to stop), the temporary folder is removed, nothing is swapped, and its error is
  /// thrown.
  @discardableResult
  public func write(
    _ files: [(name: String, contents: String)], to destination: URL, marker: ReportFolderMarker,
    beforeSwap: () throws -> Void = {}
  ) throws -> Outcome {
    try write(
      files.map { (name: $0.name, data: Data($0.contents.utf8)) }, to: destination,
      marker: marker, beforeSwap: beforeSwap)
  }

  /// Writes `files` (name → bytes, e.g. a workbook beside text files) and `marker` as the only
  /// content of `destination`, atomically, as the text variant above does.
  @discardableResult
  public func write(
    _ files: [(name: String, data: Data)], to destination: URL, marker: ReportFolderMarker,
    beforeSwap: () throws -> Void = {}
  ) throws -> Outcome {
    let fileManager = FileManager.default
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    guard !name.isEmpty, name != ".", name != "..", name != "/" else {
      throw AtomicWriteError(
        path: destination.path, reason: "is not a folder name", isRefusal: true)
    }
    for file in files {
      guard !file.name.isEmpty, !file.name.contains("/"), !file.name.hasPrefix("."),
        marker.files.contains(file.name)
      else {
        throw AtomicWriteError(
          path: destination.appendingPathComponent(file.name).path,
          reason: "is not a report file name the marker lists", isRefusal: true)
      }
    }
    let previous = try Self.replaceableReport(at: destination, by: marker)
    let token = UUID().uuidString.prefix(8).lowercased()
    let staging = parent.appendingPathComponent(".\(name).new-\(token)")
    do {
      try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
      try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      throw AtomicWriteError(
        path: parent.path, reason: "cannot create the folder (\(Self.reason(error)))")
    }
    do {
      // The marker first: a folder left by a killed run is then recognisable as ours.
      try Data(marker.text.utf8).write(
        to: staging.appendingPathComponent(ReportFolderMarker.fileName))
      for file in files {
        try file.data.write(to: staging.appendingPathComponent(file.name))
      }
    } catch {
      Self.removeReport(at: staging)
      throw AtomicWriteError(path: destination.path, reason: Self.reason(error))
    }
    do {
      try beforeSwap()
    } catch {
      Self.removeReport(at: staging)
      throw error
    }
    do {
      return try swapIn(staging, as: destination, previous: previous, token: String(token))
    } catch {
      Self.removeReport(at: staging)
      if let error = error as? AtomicWriteError { throw error }
      throw AtomicWriteError(path: destination.path, reason: Self.reason(error))
    }
  }

  // MARK: - Ownership

  /// Throws the refusal a write of a report marked `marker` to `destination` would meet now,
  /// without writing anything: a run checks its folder before it spends time extracting.
  public func checkReplaceable(_ destination: URL, by marker: ReportFolderMarker)
    throws(AtomicWriteError)
  {
    _ = try Self.replaceableReport(at: destination, by: marker)
  }

  /// What a destination holds before a write.
  enum Existing: Equatable {
    /// Nothing: the folder is created.
    case nothing
    /// An empty folder: replaced.
    case emptyFolder
    /// A report of the same kind, name and period, holding only its listed files: replaced.
    case report(ReportFolderMarker)
  }

  /// What `destination` holds now, when `marker` may replace it; throws a refusal otherwise.
  static func replaceableReport(at destination: URL, by marker: ReportFolderMarker)
    throws(AtomicWriteError) -> Existing
  {
    let fileManager = FileManager.default
    let path = destination.path
    func refuse(_ reason: String) -> AtomicWriteError {
      AtomicWriteError(path: path, reason: reason, isRefusal: true)
    }
    var status = stat()
    guard lstat(path, &status) == 0 else {
      if errno == ENOENT { return .nothing }
      throw AtomicWriteError(path: path, reason: String(cString: strerror(errno)))
    }
    if (status.st_mode & S_IFMT) == S_IFLNK {
      throw refuse(
        "is a symbolic link; a report folder is replaced only where it really is, so give that path instead"
      )
    }
    guard (status.st_mode & S_IFMT) == S_IFDIR else {
      throw refuse("exists and is not a folder; it is never replaced")
    }
    let entries: [String]
    do {
      entries = try fileManager.contentsOfDirectory(atPath: path)
    } catch {
      throw AtomicWriteError(
        path: path, reason: "cannot list the folder (\(Self.reason(error)))")
    }
    if entries.isEmpty { return .emptyFolder }
    guard let existing = ReportFolderMarker.read(in: destination) else {
      let shown = entries.sorted().prefix(3).map { "`\($0)`" }.joined(separator: ", ")
      throw refuse(
        "holds files that metahospital did not write (\(shown)\(entries.count > 3 ? ", …" : "")) and no \(ReportFolderMarker.fileName) marker; such a folder is never replaced or deleted: choose a new or empty folder"
      )
    }
    guard existing.isSameReport(as: marker) else {
      throw refuse(
        "holds \(existing.summary), not \(marker.summary); it is never replaced by another report: choose another folder"
      )
    }
    let foreign = entries.filter {
      $0 != ReportFolderMarker.fileName && !existing.files.contains($0)
    }.sorted()
    guard foreign.isEmpty else {
      throw refuse(
        "holds \(foreign.map { "`\($0)`" }.joined(separator: ", ")), which the report did not write; move it out of the folder, then run again"
      )
    }
    guard access(path, W_OK | X_OK) == 0 else {
      throw AtomicWriteError(
        path: path,
        reason:
          "the folder is not writable (\(String(cString: strerror(errno)))), so the previous report could not be removed; nothing was changed: make it writable (chmod u+w)"
      )
    }
    return .report(existing)
  }

  // MARK: - Swapping

  private func swapIn(
    _ staging: URL, as destination: URL, previous: Existing, token: String
  ) throws -> Outcome {
    guard case .report = previous else {
      // rename(2) onto a missing path creates it; onto an empty folder it replaces it.
      try checked(rename(staging.path, destination.path), destination)
      return Outcome(leftover: nil)
    }
    if Self.exchange(staging.path, destination.path) {
      // `staging` now holds what was at the destination: check it is what was inspected.
      guard Self.isReplaceable(staging, by: previous) else {
        _ = Self.exchange(staging.path, destination.path)
        throw AtomicWriteError(
          path: destination.path, reason: "changed while the report was being written; try again",
          isRefusal: true)
      }
      return Outcome(leftover: Self.removeReport(at: staging) ? nil : staging)
    }
    let aside = destination.deletingLastPathComponent().appendingPathComponent(
      ".\(destination.lastPathComponent).old-\(token)")
    try checked(rename(destination.path, aside.path), destination)
    guard Self.isReplaceable(aside, by: previous) else {
      _ = rename(aside.path, destination.path)
      throw AtomicWriteError(
        path: destination.path, reason: "changed while the report was being written; try again",
        isRefusal: true)
    }
    if rename(staging.path, destination.path) != 0 {
      let failure = String(cString: strerror(errno))
      _ = rename(aside.path, destination.path)
      throw AtomicWriteError(path: destination.path, reason: failure)
    }
    return Outcome(leftover: Self.removeReport(at: aside) ? nil : aside)
  }

  /// Whether the folder moved aside still holds what was inspected before the swap.
  private static func isReplaceable(_ folder: URL, by previous: Existing) -> Bool {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? ["?"]
    switch previous {
    case .report(let marker):
      return ReportFolderMarker.read(in: folder) == marker
        && entries.allSatisfy { $0 == ReportFolderMarker.fileName || marker.files.contains($0) }
    case .nothing, .emptyFolder:
      return entries.isEmpty
    }
  }

  private func checked(_ status: Int32, _ destination: URL) throws {
    if status != 0 {
      throw AtomicWriteError(path: destination.path, reason: String(cString: strerror(errno)))
    }
  }

  // MARK: - Removing

  /// Deletes a report folder the writer made: the files its marker lists, the marker, then the
  /// folder. A folder holding anything else is left whole.
  /// - Returns: whether the folder is gone.
  @discardableResult
  static func removeReport(at folder: URL) -> Bool {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? ["?"]
    if let marker = ReportFolderMarker.read(in: folder) {
      guard entries.allSatisfy({ $0 == ReportFolderMarker.fileName || marker.files.contains($0) })
      else { return false }
      for name in marker.files where !name.contains("/") && !name.hasPrefix(".") {
        _ = unlink(folder.appendingPathComponent(name).path)
      }
      _ = unlink(folder.appendingPathComponent(ReportFolderMarker.fileName).path)
    }
    return rmdir(folder.path) == 0
  }

  /// Removes the temporary folders (`.<name>.new-…`, `.<name>.old-…`) that killed writes left in
  /// `parent`, the folder of the report `destination` (a folder name) about to be written:
  /// - an empty one only when it is `destination`'s own (another's may have just been created by
  ///   a write still in progress);
  /// - a marked one when `isAbandoned` accepts its marker, told whether the folder is
  ///   `destination`'s own (e.g. the same job's, when no run of that job and period is in
  ///   progress).
  ///
  /// Each is removed as ``removeReport`` does: nothing the marker does not list is deleted.
  /// - Returns: the folders removed.
  @discardableResult
  public func removeLeftovers(
    in parent: URL, of destination: String,
    isAbandoned: (_ marker: ReportFolderMarker, _ ownDestination: Bool) -> Bool
  ) -> [URL] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else {
      return []
    }
    var removed: [URL] = []
    for name in names.sorted() where Self.isTemporaryName(name) {
      let own = name.dropLast(13) == ".\(destination)"
      let folder = parent.appendingPathComponent(name)
      var status = stat()
      guard lstat(folder.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
        continue
      }
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? ["?"]
      if entries.isEmpty {
        if own, rmdir(folder.path) == 0 { removed.append(folder) }
        continue
      }
      guard let marker = ReportFolderMarker.read(in: folder), isAbandoned(marker, own) else {
        continue
      }
      if Self.removeReport(at: folder) { removed.append(folder) }
    }
    return removed
  }

  /// `.<name>.new-<8 hex digits>` or `.<name>.old-<8 hex digits>`.
  static func isTemporaryName(_ name: String) -> Bool {
    guard name.hasPrefix("."), name.count > 14 else { return false }
    let suffix = name.suffix(13)  // ".new-xxxxxxxx"
    let kind = suffix.prefix(5)
    let token = suffix.dropFirst(5)
    return (kind == ".new-" || kind == ".old-") && token.allSatisfy(\.isHexDigit)
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

/// An output folder could not be written, or may not be replaced; the previous one, if any, is
/// untouched.
public struct AtomicWriteError: Error, CustomStringConvertible, Sendable {
  /// The path that could not be written.
  public var path: String
  /// Why, from the system or from the ownership rules.
  public var reason: String
  /// Whether the folder was refused because the writer does not own it (as opposed to a
  /// failure of the file system).
  public var isRefusal: Bool

  /// Creates an error.
  public init(path: String, reason: String, isRefusal: Bool = false) {
    self.path = path
    self.reason = reason
    self.isRefusal = isRefusal
  }

  /// What went wrong and where.
  public var description: String {
    isRefusal
      ? "will not write the report to \(path): it \(reason)"
      : "cannot write the report to \(path): \(reason)"
  }
}
