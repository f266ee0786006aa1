import Foundation
import PackagePlugin

/// Builds the default templates into a module: runs `TemplateEmbedder` on the files of
/// `templates/` that the target needs (`Ledger`: ledger.yaml and district.yaml; `Scoring`:
/// scoring.yaml), or on every file of the target's own `Pages/` folder (`Portal`: the page
/// templates, stylesheet and script), and compiles the Swift source it writes. The files are the
/// command's inputs, so editing one rebuilds the module; the files stay the only copy, and the
/// binary needs nothing beside it.
@main
struct EmbedTemplates: BuildToolPlugin {
    /// The template files each target embeds.
    static let filesByTarget = [
        "Ledger": ["ledger.yaml", "district.yaml"],
        "Scoring": ["scoring.yaml"],
    ]

    /// The folder (from the package's root) whose every file a target embeds.
    static let folderByTarget = ["Portal": "Sources/Portal/Pages"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let inputs: [URL]
        if let files = Self.filesByTarget[target.name] {
            let folder = context.package.directoryURL.appending(path: "templates")
            inputs = files.map { folder.appending(path: $0) }
        } else if let name = Self.folderByTarget[target.name] {
            let folder = context.package.directoryURL.appending(path: name)
            inputs = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .filter { !$0.hasPrefix(".") }.map { folder.appending(path: $0) }
        } else {
            Diagnostics.error("EmbedTemplates knows no templates for target \(target.name)")
            return []
        }
        let files = inputs.map(\.lastPathComponent)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [.buildCommand(displayName: "Embedding \(files.joined(separator: ", ")) into \(target.name)",
                              executable: try context.tool(named: "TemplateEmbedder").url,
                              arguments: [output.path] + inputs.map(\.path),
                              inputFiles: inputs,
                              outputFiles: [output])]
    }
}
