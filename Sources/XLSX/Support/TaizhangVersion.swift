/// The version of the Taizhang package: the one place it is kept.
///
/// `taizhang --version` prints it, the writer stamps it into every workbook it makes (the custom
/// document property `Generator`, see ``DocumentProperties/generator``) and the awards workbook
/// lists it in 指标说明. It follows semantic versioning: within a major version, code written
/// from the README's examples keeps compiling.
public enum TaizhangVersion {
    /// The version, `MAJOR.MINOR.PATCH`.
    public static let current = "1.0.0"

    /// How the writer names itself in a workbook's properties: `Taizhang 1.0.0`.
    public static var generator: String { "Taizhang " + current }
}
