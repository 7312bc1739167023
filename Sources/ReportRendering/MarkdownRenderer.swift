import Foundation

/// Writes an ``EconomicsReport`` as GitHub-flavoured Markdown: a title, the headline, then each
/// section with its paragraphs, GFM tables and fenced Mermaid diagrams. Output ends with one newline.
public enum MarkdownRenderer {
  /// The whole document.
  public static func render(_ report: EconomicsReport) -> String {
    var chunks: [String] = ["# \(MarkdownText.escape(report.title))"]
    chunks.append(contentsOf: report.headline)
    for section in report.sections {
      chunks.append("## \(section.title)")
      chunks.append(contentsOf: section.blocks.map(render))
    }
    return chunks.joined(separator: "\n\n") + "\n"
  }

  /// One block.
  public static func render(_ block: ReportBlock) -> String {
    switch block {
    case .paragraph(let text): text
    case .bullets(let items): items.map { "- \($0)" }.joined(separator: "\n")
    case .subheading(let text): "### \(text)"
    case .table(let table): render(table)
    case .mermaid(let source): "```mermaid\n\(source)\n```"
    }
  }

  /// A GFM table; `|` inside cells is escaped and newlines become spaces.
  public static func render(_ table: ReportTable) -> String {
    func row(_ cells: [String]) -> String {
      "| " + cells.map(escape).joined(separator: " | ") + " |"
    }
    let rule = "|" + table.alignments.map { $0 == .right ? "---:|" : "---|" }.joined()
    return ([row(table.columns), rule] + table.rows.map(row)).joined(separator: "\n")
  }

  private static func escape(_ cell: String) -> String {
    cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
