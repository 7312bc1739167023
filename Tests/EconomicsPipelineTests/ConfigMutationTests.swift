import EconomicsPipeline
import Foundation
import PipelineModel
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A small, seeded pseudo-random generator (SplitMix64): the same seed gives the same mutants on
/// every machine, so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Mutants of the shipped job and scenario files, each put through `validate`: none may crash
/// or hang, and every rejection must say where, as `file:line:column`.
///
/// The mutations are what a hurried edit or a hostile file does: lines deleted, duplicated,
/// swapped or re-indented, characters inserted (control, bidirectional, YAML indicators) or
/// deleted, values replaced by absurd or tricky ones (hexadecimal, huge, empty, paths out of the
/// project, aliases), keys misspelt, files cut short. `METAHOSPITAL_MUTATION_SEED` replays
/// another seed; `METAHOSPITAL_MUTANTS` sets how many.
@Suite struct ConfigMutationTests {
  static let seed: UInt64 =
    ProcessInfo.processInfo.environment["METAHOSPITAL_MUTATION_SEED"].flatMap { UInt64($0) }
    ?? 20_261_125
  static let mutantCount: Int =
    ProcessInfo.processInfo.environment["METAHOSPITAL_MUTANTS"].flatMap { Int($0) } ?? 1_500

  /// Values a mutation writes in place of a value.
  static let values = [
    "''", "\"\"", "~", "null", "0x1F", "0o17", "010", "1:20", "99999999999999999999999", "-1",
    "1e999", ".inf", ".nan", "-0", "0.0000001", "1_000_000_000_000_000", "true", "[]", "{}",
    "[1, 2]", "{ a: 1 }", "\"\\u202E\"", "\"a\\u0000b\"", "\"x\\ny\"", "\"\\u2028\"", "\"\\t\"",
    "*alias", "&anchor x", "!!binary aGVsbG8=", "!!python/object:os.system", "../../../etc/passwd",
    "/etc/passwd", "/dev/zero", "/", ".", "..", "Reports", "Reports/{job}", "''{period}",
    "Reports/{job}/{period}", "Reports/../../x/{period}", "\"<img src=x onerror=alert(1)>\"",
    "\"# heading\"", "\"%00\"", "scenarios", "sql/checks/duplicate_ids.sql", "\"1%\"", "\"150%\"",
    "\"0.5 %\"", "lots", String(repeating: "9", count: 400),
    "\"" + String(repeating: "x", count: 5000) + "\"",
  ]

  /// Characters a mutation inserts.
  static let characters: [String] = [
    ":", "-", " ", "  ", "\t", "\n", "#", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "'",
    "\"", "%", "@", "`", "?", "\u{0}", "\u{7}", "\u{1B}", "\u{202E}", "\u{2028}", "\u{FEFF}", "é",
    "医", "😀", "\\", "0", "9", "x",
  ]

  /// A comment that makes a file larger than a config file may be.
  static let padding = Data(("\n# " + String(repeating: "x", count: 300 * 1024) + "\n").utf8)

  enum Mutation: CaseIterable {
    case deleteLine, duplicateLine, swapLines, reindent, insertCharacter, deleteCharacter
    case replaceValue, misspellKey, truncate, repeatLine, insertAnchorAndAlias, blankValue
    case oversize
  }

  static func mutate(_ text: String, _ mutation: Mutation, _ random: inout SplitMix64) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func lineIndex() -> Int { Int.random(in: 0..<max(lines.count, 1), using: &random) }
    switch mutation {
    case .deleteLine:
      if !lines.isEmpty { lines.remove(at: lineIndex()) }
    case .duplicateLine:
      let index = lineIndex()
      lines.insert(lines[index], at: index)
    case .swapLines:
      let index = lineIndex()
      if index + 1 < lines.count { lines.swapAt(index, index + 1) }
    case .reindent:
      let index = lineIndex()
      let shift = Int.random(in: -3...3, using: &random)
      lines[index] =
        shift >= 0
        ? String(repeating: " ", count: shift) + lines[index]
        : String(lines[index].drop { $0 == " " }.prefix(lines[index].count))
    case .insertCharacter:
      var scalars = Array(text.unicodeScalars)
      let at = Int.random(in: 0...scalars.count, using: &random)
      let inserted = characters.randomElement(using: &random) ?? "x"
      scalars.insert(contentsOf: inserted.unicodeScalars, at: at)
      var result = ""
      result.unicodeScalars.append(contentsOf: scalars)
      return result
    case .deleteCharacter:
      var scalars = Array(text.unicodeScalars)
      if !scalars.isEmpty { scalars.remove(at: Int.random(in: 0..<scalars.count, using: &random)) }
      var result = ""
      result.unicodeScalars.append(contentsOf: scalars)
      return result
    case .replaceValue, .blankValue:
      let candidates = lines.indices.filter {
        lines[$0].firstRange(of: ": ") != nil || lines[$0].firstRange(of: "- ") != nil
      }
      guard let index = candidates.randomElement(using: &random) else { break }
      let line = lines[index]
      let value =
        mutation == .blankValue ? "" : (values.randomElement(using: &random) ?? "~")
      if let range = line.firstRange(of: ": ") {
        lines[index] = String(line[..<range.upperBound]) + value
      } else if let range = line.firstRange(of: "- ") {
        lines[index] = String(line[..<range.upperBound]) + value
      }
    case .misspellKey:
      let candidates = lines.indices.filter {
        lines[$0].contains(":") && lines[$0].drop(while: { $0 == " " }).first != "#"
      }
      guard let index = candidates.randomElement(using: &random) else { break }
      var characters = Array(lines[index])
      let keyEnd = characters.firstIndex(of: ":") ?? 0
      let keyStart = characters.firstIndex { $0 != " " } ?? 0
      if keyEnd - keyStart >= 2 {
        let at = Int.random(in: keyStart..<(keyEnd - 1), using: &random)
        characters.swapAt(at, at + 1)
        lines[index] = String(characters)
      }
    case .truncate:
      let scalars = Array(text.unicodeScalars)
      var result = ""
      result.unicodeScalars.append(
        contentsOf: scalars.prefix(Int.random(in: 0...scalars.count, using: &random)))
      return result
    case .repeatLine:
      let index = lineIndex()
      let count = Int.random(in: 2...300, using: &random)
      lines.insert(contentsOf: Array(repeating: lines[index], count: count), at: index)
    case .oversize:
      break  // appended when the file is written (``padding``), after the other mutations
    case .insertAnchorAndAlias:
      let depth = Int.random(in: 1...9, using: &random)
      var bomb = ["z0: &z0 [x, x, x, x, x, x, x, x, x, x]"]
      for level in 1...depth {
        bomb.append(
          "z\(level): &z\(level) ["
            + Array(repeating: "*z\(level - 1)", count: 10).joined(
              separator: ", ") + "]")
      }
      if Bool.random(using: &random) { bomb += ["? *z\(depth)", ": 1"] }
      lines.insert(contentsOf: bomb, at: lineIndex())
    }
    return lines.joined(separator: "\n")
  }

  /// Writes a new file with plain system calls (Foundation's `Data.write` costs milliseconds a
  /// file here, which thousands of mutants notice).
  static func create(_ path: String, _ data: Data) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == data.count else { throw POSIXError(.EIO) }
  }

  /// `file:line:column: error: …` with a file, a line and a column of at least 1.
  static func isLocated(_ diagnostic: ConfigDiagnostic) -> Bool {
    let line = diagnostic.description
    guard line.hasPrefix(diagnostic.location.file + ":"), !diagnostic.location.file.isEmpty,
      diagnostic.location.line >= 1, diagnostic.location.column >= 1,
      line.contains(":\(diagnostic.location.line):\(diagnostic.location.column): error: "),
      !line.contains("\n")
    else { return false }
    return true
  }

  @Test(.timeLimit(.minutes(2)))
  func mutantsOfTheShippedFilesNeverCrashHangOrGoUnlocated() throws {
    try withTemporaryDirectory { folder in
      let pipelines = folder.appending(path: "Pipelines")
      try FileManager.default.copyItem(
        at: Repository.root.appending(path: "Pipelines"), to: pipelines)
      let files =
        ["monthly-economics.yaml", "yearly-economics.yaml"].map { "Pipelines/\($0)" }
        + ["paper-2024.yaml", "electricity-0.8.yaml", "registration-50.yaml"].map {
          "Pipelines/scenarios/\($0)"
        }
      let originals = try files.map {
        try String(contentsOf: folder.appending(path: $0), encoding: .utf8)
      }
      #expect(originals.count == 5)
      var random = SplitMix64(state: Self.seed)
      var rejected = 0
      var accepted = 0
      var slowest: (Duration, String) = (.zero, "")
      var validating = Duration.zero

      var unlocated: [String] = []
      let started = ContinuousClock.now
      for index in 0..<Self.mutantCount {
        let which = Int.random(in: 0..<files.count, using: &random)
        let mutations = (0..<Int.random(in: 1...3, using: &random)).map { _ in
          Mutation.allCases.randomElement(using: &random) ?? .deleteLine
        }
        var text = originals[which]
        for mutation in mutations { text = Self.mutate(text, mutation, &random) }
        // A new file beside the original (so `extends` and `scenario` resolve the same way):
        // rewriting one file thousands of times costs a flush each on ext4.
        let original = folder.appending(path: files[which])
        let path = original.deletingLastPathComponent().appending(
          path: "mutant-\(index)-" + original.lastPathComponent)
        try Self.create(
          path.path, Data(text.utf8) + (mutations.contains(.oversize) ? Self.padding : Data()))
        defer { unlink(path.path) }

        let one = ContinuousClock.now
        do throws(ConfigError) {
          _ = try ConfigValidator.validate([path.path], root: Repository.root)
          accepted += 1
        } catch {
          rejected += 1
          for diagnostic in error.diagnostics where !Self.isLocated(diagnostic) {
            unlocated.append("mutant \(index) (\(mutations)): \(diagnostic.description)")
          }
          if error.diagnostics.isEmpty { unlocated.append("mutant \(index): no diagnostic") }
        }
        let took = ContinuousClock.now - one
        validating += took
        if took > slowest.0 { slowest = (took, "mutant \(index) of \(files[which]): \(mutations)") }
      }
      let total = ContinuousClock.now - started
      #expect(accepted + rejected == Self.mutantCount)
      #expect(Self.mutantCount >= 1_000)
      #expect(unlocated.isEmpty, "\(unlocated.prefix(10).joined(separator: "\n"))")
      // Both outcomes occur: the mutants exercise the checks and leave some files valid.
      #expect(rejected > Self.mutantCount / 3, "rejected \(rejected)")
      #expect(accepted > 0)
      #expect(slowest.0 < .seconds(1), "slowest: \(slowest.0) for \(slowest.1)")
      #expect(total < .seconds(60), "\(total)")
      print(
        "config mutants: \(Self.mutantCount) (seed \(Self.seed)), \(rejected) rejected, \(accepted) accepted, "
          + "total \(total), in validate \(validating), slowest \(slowest.0) (\(slowest.1))")
    }
  }
}
