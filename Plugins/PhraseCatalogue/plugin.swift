import Foundation
import PackagePlugin

/// Declares every phrase of the reports from the English language file: before ReportRendering
/// compiles, `PhraseCatalogueGenerator` reads `Pipelines/language/en.yaml` and writes one Swift
/// enum per section (its keys as cases, the placeholders each English text uses), so a new
/// sentence is written in the language files and used in code, nowhere else. The other languages'
/// files are checked against the same catalogue when they are read.
@main
struct PhraseCataloguePlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let english = context.package.directoryURL.appending(path: "Pipelines/language/en.yaml")
    let output = context.pluginWorkDirectoryURL.appending(path: "PhraseCatalogue.swift")
    return [
      .buildCommand(
        displayName: "Generating the phrase catalogue from Pipelines/language/en.yaml",
        executable: try context.tool(named: "PhraseCatalogueGenerator").url,
        arguments: [english.path, output.path],
        inputFiles: [english],
        outputFiles: [output])
    ]
  }
}
