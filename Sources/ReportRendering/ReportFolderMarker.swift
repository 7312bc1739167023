import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file that marks a folder as a report written by metahospital, naming what wrote it.
///
/// The writer replaces or deletes only folders that carry a marker for the same report (the same
/// kind, job or scenario, and period) and hold nothing but the files the marker lists: a folder
/// without one, someone else's report, or a report folder with a file added by hand is never
/// touched. The marker is the first file written into a new folder, so even the temporary
/// folder of a run killed halfway can be recognised and cleaned later.
public struct ReportFolderMarker: Codable, Sendable, Equatable {
  /// The marker's file name inside a report folder.
  public static let fileName = ".metahospital-report"

  /// What wrote the folder.
  public enum Kind: String, Codable, Sendable {
    /// `metahospital run`: a job's report for a period.
    case run
    /// `metahospital plan`: a scenario's report.
    case plan
  }

  /// Always `metahospital`.
  public var tool: String
  /// `run` or `plan`.
  public var kind: Kind
  /// The job's name (run) or the scenario's name (plan).
  public var name: String
  /// The period (run), e.g. `2026-10`.
  public var period: String?
  /// The run's id in `pipeline.runs` (run).
  public var runID: String?
  /// The report's files, without the marker.
  public var files: [String]

  /// A marker for a run's report.
  public static func run(job: String, period: String, runID: String, files: [String])
    -> ReportFolderMarker
  {
    ReportFolderMarker(
      tool: "metahospital", kind: .run, name: job, period: period, runID: runID,
      files: files.sorted())
  }

  /// A marker for a plan's report.
  public static func plan(scenario: String, files: [String]) -> ReportFolderMarker {
    ReportFolderMarker(
      tool: "metahospital", kind: .plan, name: scenario, period: nil, runID: nil,
      files: files.sorted())
  }

  /// Whether a folder marked `other` holds the same report as this one (kind, name, period), so
  /// this one may replace it.
  public func isSameReport(as other: ReportFolderMarker) -> Bool {
    other.tool == tool && other.kind == kind && other.name == name && other.period == period
  }

  /// What the marked folder holds, for messages: `the run report of monthly-economics 2026-09`.
  public var summary: String {
    switch kind {
    case .run: "the run report of \(name) \(period ?? "?")"
    case .plan: "the plan report of scenario \(name)"
    }
  }

  /// The marker's text: one JSON object, keys sorted.
  public var text: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// The marker of `folder`, or nil when it has none, or one that is not a metahospital marker.
  public static func read(in folder: URL) -> ReportFolderMarker? {
    let url = folder.appendingPathComponent(fileName)
    // Only a small regular file: a FIFO or a device named like a marker is not read.
    var status = stat()
    guard lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
      status.st_size < 64 * 1024,
      let data = FileManager.default.contents(atPath: url.path),
      let marker = try? JSONDecoder().decode(ReportFolderMarker.self, from: data),
      marker.tool == "metahospital"
    else { return nil }
    return marker
  }
}
