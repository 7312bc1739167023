import Foundation
import PackagePlugin

/// Records the commit a build is made from, for `metahospital --version`.
///
/// Before every build, a shell asks git for the checkout's commit (and whether tracked files
/// differ from it) and writes `BuildInfo.swift` into the plugin's work folder, only when its
/// text changes, so an unchanged commit rebuilds nothing. Outside a git checkout (a source
/// archive), or where git is missing, the commit is nil and `--version` says so.
@main
struct BuildInfoPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
    return [
      .prebuildCommand(
        displayName: "Recording the commit of the build",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: [
          "-c", Self.script, "build-info", context.package.directoryURL.path, output.path,
        ],
        outputFilesDirectory: output)
    ]
  }

  /// `$1` the package folder, `$2` the output folder.
  static let script = #"""
    set -u
    repository="$1"
    output="$2"
    mkdir -p "$output"
    commit="$(git -C "$repository" rev-parse --verify --quiet HEAD 2>/dev/null || true)"
    modified=false
    if [ -n "$commit" ] && [ -n "$(git -C "$repository" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
      modified=true
    fi
    if [ -n "$commit" ]; then literal="\"$commit\""; else literal=nil; fi
    temporary="$output/.BuildInfo.swift.new"
    cat > "$temporary" <<SWIFT
    // Written before each build by the BuildInfo plugin (Plugins/BuildInfo); not committed.

    /// What the binary was built from.
    enum BuildInfo {
      /// The git commit of the checkout, or nil for a build outside a git checkout.
      static let commit: String? = $literal
      /// Whether tracked files differed from that commit.
      static let modified = $modified
    }
    SWIFT
    if cmp -s "$temporary" "$output/BuildInfo.swift"; then
      rm -f "$temporary"
    else
      mv "$temporary" "$output/BuildInfo.swift"
    fi
    """#
}
