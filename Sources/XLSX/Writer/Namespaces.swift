/// The XML namespaces of the parts the writer makes.
enum Namespace {
    static let spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let coreProperties = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    static let extendedProperties = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    static let customProperties = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    static let documentPropertiesVariantTypes = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let dublinCoreTerms = "http://purl.org/dc/terms/"
    static let dublinCoreTypes = "http://purl.org/dc/dcmitype/"
    static let schemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
    static let vml = "urn:schemas-microsoft-com:vml"
    static let vmlOffice = "urn:schemas-microsoft-com:office:office"
    static let vmlExcel = "urn:schemas-microsoft-com:office:excel"
}
