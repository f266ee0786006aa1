import Foundation
import PackagePlugin

/// Builds the default templates into a module: runs `TemplateEmbedder` on the files of
/// `templates/` that the target needs (`Ledger`: ledger.yaml and district.yaml; `Scoring`:
/// scoring.yaml) and compiles the Swift source it writes. The files are the command's inputs, so
/// editing one rebuilds the module; `templates/` stays the only copy.
@main
struct EmbedTemplates: BuildToolPlugin {
    /// The template files each target embeds.
    static let filesByTarget = [
        "Ledger": ["ledger.yaml", "district.yaml"],
        "Scoring": ["scoring.yaml"],
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let files = Self.filesByTarget[target.name] else {
            Diagnostics.error("EmbedTemplates knows no templates for target \(target.name)")
            return []
        }
        let folder = context.package.directoryURL.appending(path: "templates")
        let inputs = files.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [.buildCommand(displayName: "Embedding \(files.joined(separator: ", ")) into \(target.name)",
                              executable: try context.tool(named: "TemplateEmbedder").url,
                              arguments: [output.path] + inputs.map(\.path),
                              inputFiles: inputs,
                              outputFiles: [output])]
    }
}
