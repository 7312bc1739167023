import EconomicsPipeline
import Foundation
import PipelineModel
import ReportRendering
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every file and folder under `folder` (relative paths) with the bytes of each file, links as
/// `-> target`: a tree to compare before and after something that must not touch it.
func tree(_ folder: URL) throws -> [String: Data] {
  var result: [String: Data] = [:]
  let fileManager = FileManager.default
  guard let enumerator = fileManager.enumerator(atPath: folder.path) else { return result }
  while let relative = enumerator.nextObject() as? String {
    let path = folder.appending(path: relative).path
    let attributes = try fileManager.attributesOfItem(atPath: path)
    switch attributes[.type] as? FileAttributeType {
    case .typeSymbolicLink:
      result[relative] = Data(
        ("-> " + (try fileManager.destinationOfSymbolicLink(atPath: path))).utf8)
    case .typeDirectory:
      result[relative + "/"] = Data()
    default:
      result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
    }
  }
  return result
}

/// Report folders: replaced only when the writer owns them, kept where they belong, cleaned up
/// after interrupted writes.
@Suite struct ReportFolderTests {
  static let files: [(name: String, contents: String)] = [("a.csv", "1"), ("report.md", "# r\n")]
  static func marker(period: String = "2026-10", files: [(name: String, contents: String)] = files)
    -> ReportFolderMarker
  {
    .run(
      job: "monthly-economics", period: period, runID: UUID().uuidString, files: files.map(\.name))
  }

  // MARK: - Replacing what it wrote

  @Test func replacesTheWholeFolderItWrote() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "2026-10")
      let first = [(name: "a.csv", contents: "1"), (name: "old.csv", contents: "x")]
      try AtomicDirectoryWriter().write(first, to: destination, marker: Self.marker(files: first))
      let second = [(name: "a.csv", contents: "2")]
      let marker = Self.marker(files: second)
      try AtomicDirectoryWriter().write(second, to: destination, marker: marker)
      #expect(try String(contentsOf: destination.appending(path: "a.csv"), encoding: .utf8) == "2")
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted() == [
          ".metahospital-report", "a.csv",
        ])
      #expect(ReportFolderMarker.read(in: destination) == marker)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["2026-10"])
    }
  }

  @Test func fillsAnEmptyFolder() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "empty")
      try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
      try AtomicDirectoryWriter().write(Self.files, to: destination, marker: Self.marker())
      #expect(FileManager.default.fileExists(atPath: destination.appending(path: "report.md").path))
    }
  }

  @Test func aFailedWriteLeavesThePreviousReport() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "2026-10")
      try AtomicDirectoryWriter().write(Self.files, to: destination, marker: Self.marker())
      let before = try tree(folder)
      // A name longer than the file system allows makes the write fail halfway.
      let broken = Self.files + [(name: String(repeating: "x", count: 300), contents: "x")]
      #expect(throws: AtomicWriteError.self) {
        try AtomicDirectoryWriter().write(
          broken, to: destination, marker: Self.marker(files: broken))
      }
      #expect(try tree(folder) == before)
    }
  }

  // MARK: - Never replacing what it did not write

  @Test func aProjectFolderWithoutAMarkerIsNeverReplaced() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let before = try tree(folder)
      for target in [
        project, project.appending(path: "Pipelines"), project.appending(path: "Reports"),
      ] {
        let error = try #require(throws: AtomicWriteError.self) {
          try AtomicDirectoryWriter().write(Self.files, to: target, marker: Self.marker())
        }
        #expect(error.isRefusal)
        #expect(error.description.contains("did not write"), "\(error)")
        #expect(error.description.contains(".metahospital-report marker"))
      }
      #expect(try tree(folder) == before)
    }
  }

  @Test func anotherReportIsNeverReplaced() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "report")
      try AtomicDirectoryWriter().write(
        Self.files, to: destination, marker: Self.marker(period: "2026-09"))
      let before = try tree(folder)
      let error = try #require(throws: AtomicWriteError.self) {
        try AtomicDirectoryWriter().write(Self.files, to: destination, marker: Self.marker())
      }
      #expect(error.isRefusal)
      #expect(
        error.description.contains(
          "holds the run report of monthly-economics 2026-09, not the run report of monthly-economics 2026-10"
        ))
      let plan = ReportFolderMarker.plan(scenario: "x", files: Self.files.map(\.name))
      #expect(throws: AtomicWriteError.self) {
        try AtomicDirectoryWriter().write(Self.files, to: destination, marker: plan)
      }
      #expect(try tree(folder) == before)
    }
  }

  @Test func aFileAddedByHandKeepsItsFolder() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "2026-10")
      try AtomicDirectoryWriter().write(Self.files, to: destination, marker: Self.marker())
      try Data("my notes".utf8).write(to: destination.appending(path: "notes.txt"))
      let before = try tree(folder)
      let error = try #require(throws: AtomicWriteError.self) {
        try AtomicDirectoryWriter().write(Self.files, to: destination, marker: Self.marker())
      }
      #expect(error.description.contains("holds `notes.txt`, which the report did not write"))
      #expect(try tree(folder) == before)
    }
  }

  @Test func aLinkOrAFileIsNeverReplaced() throws {
    try withTemporaryDirectory { folder in
      let real = folder.appending(path: "real")
      try AtomicDirectoryWriter().write(Self.files, to: real, marker: Self.marker())
      let link = folder.appending(path: "link")
      try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
      let file = folder.appending(path: "file")
      try Data("data".utf8).write(to: file)
      let before = try tree(folder)
      for (target, reason) in [(link, "is a symbolic link"), (file, "is not a folder")] {
        let error = try #require(throws: AtomicWriteError.self) {
          try AtomicDirectoryWriter().write(Self.files, to: target, marker: Self.marker())
        }
        #expect(error.description.contains(reason), "\(error)")
      }
      #expect(try tree(folder) == before)
    }
  }

  // MARK: - Leftovers of interrupted writes

  @Test func leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws {
    try withTemporaryDirectory { folder in
      let fileManager = FileManager.default
      func make(_ name: String, marker: ReportFolderMarker?, files: [String]) throws {
        let path = folder.appending(path: name)
        try fileManager.createDirectory(at: path, withIntermediateDirectories: false)
        if let marker {
          try Data(marker.text.utf8).write(to: path.appending(path: ReportFolderMarker.fileName))
        }
        for file in files { try Data("partial".utf8).write(to: path.appending(path: file)) }
      }
      // Killed halfway: the marker and one of its two files.
      try make(".2026-10.new-0a1b2c3d", marker: Self.marker(), files: ["a.csv"])
      // Killed after the swap: the previous report, whole.
      try make(
        ".2026-09.new-11111111", marker: Self.marker(period: "2026-09"),
        files: ["a.csv", "report.md"])
      // Killed right after creating the folder.
      try make(".2026-08.new-22222222", marker: nil, files: [])
      // Not ours to remove: a run still writing (the predicate says so), a folder without a
      // marker, a look-alike name, a marked folder holding a file the marker does not list.
      try make(".2026-07.new-33333333", marker: Self.marker(period: "2026-07"), files: ["a.csv"])
      try make(".2026-06.new-44444444", marker: nil, files: ["mine.txt"])
      try make(".2026-05.new-notatoken", marker: Self.marker(period: "2026-05"), files: [])
      try make(
        ".2026-04.old-55555555", marker: Self.marker(period: "2026-04"), files: ["extra.txt"])

      // Just created, empty, by a write of another folder still in progress.
      try make(".2026-03.new-66666666", marker: nil, files: [])

      let removed = AtomicDirectoryWriter().removeLeftovers(in: folder, of: "2026-08") {
        marker, _ in marker.period != "2026-07"
      }
      #expect(
        removed.map(\.lastPathComponent).sorted() == [
          ".2026-08.new-22222222", ".2026-09.new-11111111", ".2026-10.new-0a1b2c3d",
        ])
      #expect(
        try fileManager.contentsOfDirectory(atPath: folder.path).sorted() == [
          ".2026-03.new-66666666", ".2026-04.old-55555555", ".2026-05.new-notatoken",
          ".2026-06.new-44444444", ".2026-07.new-33333333",
        ])
      #expect(
        try fileManager.contentsOfDirectory(
          atPath: folder.appending(path: ".2026-04.old-55555555").path
        ).sorted() == [".metahospital-report", "extra.txt"])
    }
  }

  @Test func aPlanRemovesItsOwnLeftoversNotAnotherFoldersOfTheSameScenario() throws {
    try withTemporaryDirectory { folder in
      let fileManager = FileManager.default
      func leftover(_ name: String) throws -> URL {
        let path = folder.appending(path: name)
        try fileManager.createDirectory(at: path, withIntermediateDirectories: false)
        try Data(
          ReportFolderMarker.plan(scenario: "paper-2024", files: ["report.md"]).text.utf8
        ).write(to: path.appending(path: ReportFolderMarker.fileName))
        try Data("partial".utf8).write(to: path.appending(path: "report.md"))
        return path
      }
      // Killed while writing this folder; and a plan of the same scenario (in Chinese, say)
      // still writing its own folder beside it, which takes no lock to tell it is alive.
      let own = try leftover(".paper-2024.new-0a1b2c3d")
      let other = try leftover(".paper-2024-zh.new-11111111")
      let empty = folder.appending(path: ".paper-2024-zh.new-22222222")
      try fileManager.createDirectory(at: empty, withIntermediateDirectories: false)
      _ = try PlanPipeline(logger: TestDatabase.quietLogger).run(
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/paper-2024.yaml",
          outputDirectory: folder.appending(path: "paper-2024").path))
      #expect(!fileManager.fileExists(atPath: own.path))
      #expect(fileManager.fileExists(atPath: other.appending(path: "report.md").path))
      #expect(fileManager.fileExists(atPath: empty.path))
    }
  }

  // MARK: - Where a job's report may go

  @Test(arguments: [
    ("", "must name a folder under Reports/"),
    ("Reports", "must be a folder under Reports/"),
    ("Reports/{job}", "must contain `{period}`"),
    ("Pipelines/{period}", "must be a folder under Reports/"),
    (".", "starting with `.`"),
    ("/tmp/evil/{period}", "must be relative to the project root"),
    ("~/evil/{period}", "must be relative to the project root"),
    ("../../../tmp/evil/{period}", "may not contain `..`"),
    ("Reports/../Pipelines/{period}", "may not contain `..`"),
    ("Reports//{period}", "empty folder name"),
    ("Reports/.hidden/{period}", "starting with `.`"),
    ("Reports/{job}/{perod}", "did you mean `{period}`?"),
  ])
  func outputPatternsThatLeaveReportsAreRefused(pattern: String, message: String) {
    let problem = ReportLocation.patternProblem(pattern)
    #expect(problem?.contains(message) == true, "\(pattern): \(problem ?? "accepted")")
  }

  @Test func theShippedPatternIsAccepted() {
    #expect(ReportLocation.patternProblem("Reports/{job}/{period}") == nil)
    #expect(ReportLocation.patternProblem("Reports/finance/{job}-{period}/") == nil)
  }

  @Test func aLinkOutOfReportsIsFollowedAndRefused() throws {
    try withTemporaryDirectory { folder in
      let project = try scratchProject(in: folder)
      let outside = folder.appending(path: "outside")
      try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: false)
      try FileManager.default.createSymbolicLink(
        at: project.appending(path: "Reports/monthly-economics"), withDestinationURL: outside)
      let error = try #require(throws: ReportLocationError.self) {
        try ReportLocation.jobOutput("Reports/monthly-economics/2026-10", root: project)
      }
      #expect(error.exitStatus == .cannotCreate)
      #expect(
        error.description.contains("resolves to \(outside.resolvingSymlinksInPath().path)/2026-10"))
      // A link to a folder under Reports is followed and accepted, resolved.
      try FileManager.default.createSymbolicLink(
        at: project.appending(path: "Reports/alias"),
        withDestinationURL: project.appending(path: "Reports/examples"))
      let resolved = try ReportLocation.jobOutput("Reports/alias/2026-10", root: project)
      #expect(resolved.path.hasSuffix("/Reports/examples/2026-10"))
    }
  }

  @Test(arguments: ["", "out\u{0}x", "out\nx", "out\u{202E}x", "\u{2028}"])
  func anOutFolderWithoutAUsableNameIsRefused(path: String) {
    let error = #expect(throws: ReportLocationError.self) {
      try ReportLocation.explicitOutput(path, root: Repository.root)
    }
    #expect(error?.exitStatus == .usage)
  }
}
