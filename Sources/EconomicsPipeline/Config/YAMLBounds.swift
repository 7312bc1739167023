import CYaml
// libyaml, as the YAML package builds it: its event stream is read here, before the YAML
// package composes a tree, because the composer resolves aliases as it goes (and hashes a
// mapping key made of an alias in full), so a few hundred bytes of nested aliases cost it
// minutes and gigabytes. CYaml is the YAML package's own C module (Package.resolved pins it).
import PipelineModel

/// Limits a config file must stay within before its YAML is composed into a tree, so that no
/// file can make `validate`, `plan` or `run` spend more than milliseconds reading it.
///
/// - At most ``maximumBytes`` (a job or scenario file is a few kilobytes).
/// - No anchors (`&name`) or aliases (`*name`): a config file spells every value out. Refused
///   rather than capped, because an alias in a key makes the composer hash the whole expansion.
/// - Collections nested at most ``maximumDepth`` deep, at most ``maximumNodes`` values.
enum YAMLBounds {
  /// The largest config file read: 256 KiB.
  static let maximumBytes = 256 * 1024
  /// The deepest nesting of mappings and lists.
  static let maximumDepth = 32
  /// The most values (scalars, mappings, lists) in one file.
  static let maximumNodes = 20_000

  /// A limit crossed, at a 1-based line and column.
  struct Problem: Equatable {
    var line: Int
    var column: Int
    var message: String
  }

  /// The first limit `text` crosses, or nil. A YAML syntax error is not reported here (the
  /// composer reports it with its own message): the scan simply stops.
  static func check(_ text: String) -> Problem? {
    let bytes = Array(text.utf8)
    if bytes.count > maximumBytes {
      return Problem(
        line: 1, column: 1,
        message:
          "the file is \(bytes.count) bytes; a config file may be at most \(maximumBytes / 1024) KiB"
      )
    }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    return bytes.withUnsafeBufferPointer { buffer -> Problem? in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var depth = 0
      var nodes = 0
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
          pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        var anchor: String?
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_ALIAS_EVENT:
          let name = anchorName(event.data.alias.anchor) ?? ""
          return Problem(
            line: line, column: column,
            message:
              "`*\(SafeText.visible(name))` is a YAML alias; aliases and anchors are not accepted in config files: write the value out"
          )
        case YAML_SCALAR_EVENT:
          anchor = anchorName(event.data.scalar.anchor)
          nodes += 1
        case YAML_SEQUENCE_START_EVENT:
          anchor = anchorName(event.data.sequence_start.anchor)
          nodes += 1
          depth += 1
        case YAML_MAPPING_START_EVENT:
          anchor = anchorName(event.data.mapping_start.anchor)
          nodes += 1
          depth += 1
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          depth -= 1
        default:
          break
        }
        if let anchor {
          return Problem(
            line: line, column: column,
            message:
              "`&\(SafeText.visible(anchor))` is a YAML anchor; anchors and aliases are not accepted in config files: write the value out"
          )
        }
        if depth > maximumDepth {
          return Problem(
            line: line, column: column,
            message: "mappings and lists are nested more than \(maximumDepth) levels deep")
        }
        if nodes > maximumNodes {
          return Problem(
            line: line, column: column,
            message: "the file holds more than \(maximumNodes) values; a config file is far smaller"
          )
        }
      }
    }
  }
}
