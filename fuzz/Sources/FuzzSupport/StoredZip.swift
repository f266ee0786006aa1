#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes parts into a zip archive without compression (method 0, "stored"), with the right
/// CRC-32s and sizes: the smallest archive libzip reads as a workbook package. Only for fuzz
/// inputs, which are far below the 4 GiB and 65,535 entries of a zip without ZIP64.
public enum StoredZip {
    /// The archive's bytes.
    public static func archive(_ parts: [PartList.Part]) -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []
        let entries = parts.prefix(Int(UInt16.max))
        for part in entries {
            let name = Array(part.name.utf8.prefix(Int(UInt16.max)))
            let size = UInt32(clamping: part.bytes.count)
            let crc = crc32(part.bytes)
            let offset = UInt32(clamping: output.count)
            // Local file header; bit 11: the name is UTF-8.
            append32(0x0403_4B50, to: &output)
            for value: UInt16 in [20, 0x0800, 0, 0, 0x21] { append16(value, to: &output) }
            append32(crc, to: &output)
            append32(size, to: &output)
            append32(size, to: &output)
            append16(UInt16(name.count), to: &output)
            append16(0, to: &output)
            output += name
            output += part.bytes
            // Its central directory entry.
            append32(0x0201_4B50, to: &central)
            for value: UInt16 in [20, 20, 0x0800, 0, 0, 0x21] { append16(value, to: &central) }
            append32(crc, to: &central)
            append32(size, to: &central)
            append32(size, to: &central)
            append16(UInt16(name.count), to: &central)
            for value: UInt16 in [0, 0, 0, 0] { append16(value, to: &central) }
            append32(0, to: &central)
            append32(offset, to: &central)
            central += name
        }
        let directoryOffset = UInt32(clamping: output.count)
        output += central
        append32(0x0605_4B50, to: &output)
        append16(0, to: &output)
        append16(0, to: &output)
        append16(UInt16(entries.count), to: &output)
        append16(UInt16(entries.count), to: &output)
        append32(UInt32(clamping: central.count), to: &output)
        append32(directoryOffset, to: &output)
        append16(0, to: &output)
        return output
    }

    /// Writes the archive of `parts` to `path` (replacing it); false when it cannot be written.
    @discardableResult
    public static func write(_ parts: [PartList.Part], to path: String) -> Bool {
        let bytes = archive(parts)
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        return bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } == bytes.count
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    private static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        append16(UInt16(value & 0xFFFF), to: &bytes)
        append16(UInt16(value >> 16), to: &bytes)
    }
}
